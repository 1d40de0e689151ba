"""`python -m etl` runs the `strikes` command."""

from etl.cli import main

main()
