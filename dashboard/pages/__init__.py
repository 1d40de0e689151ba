"""The dashboard's views, one module per page (Dash Pages loads them by file; see dashboard/app.py)."""
