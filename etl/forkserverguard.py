"""Imported by the fork server of the extraction pool only (a preload of etl/workers.py): the fork server dies
with the process that started it. Importing it anywhere else would tie that process to its own parent."""

from etl.workerguard import die_with_parent

die_with_parent()
