"""Regenerate docs/screenshot-search.png: Edit → Search the library on the four samples, with a
document variable's filter (outlet_country: Azerbaijan) and the keyword-in-context hits.

    xvfb-run -a -s "-screen 0 1920x1000x24" \
        .venv/bin/python docs/tools/screenshot_search.py docs/screenshot-search.png

The library is made in a temporary folder: the samples and two document variables, set with the
app's own services.
"""

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

app = QApplication.instance() or QApplication([])
from annotator.ui.launch import build_window  # noqa: E402

folder = Path(tempfile.mkdtemp())
w = build_window(str(folder / "library.sqlite3"), "ann", QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
services = w.controller.services
services.documents.import_samples()
w.reload_library()
services.variables.define("outlet_country")
services.variables.define("outlet_type", "choice", "state|private|foreign")
services.variables.set_values([1, 2], {"outlet_country": "United States", "outlet_type": "foreign"})
services.variables.set_values([3, 4], {"outlet_country": "Azerbaijan"})
services.variables.set_values([3], {"outlet_type": "state"})
services.variables.set_values([4], {"outlet_type": "private"})
w.resize(1400, 900)
w.show()
dialog = w.search.open()
dialog.resize(1100, 560)
dialog.query.setText("Armenia")
dialog.variable.setCurrentIndex(dialog.variable.findData("outlet_country"))
dialog.value.setText("Azerbaijan")
dialog.search()
w.controller.tasks.wait_idle()
app.processEvents()
dialog.grab().save(sys.argv[1] if len(sys.argv) > 1 else "screenshot-search.png")
print(dialog.status.text())
w.close()
services.close()
