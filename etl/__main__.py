"""`python -m etl` runs the `strikes` command."""

from etl.cli import main

if __name__ == "__main__":  # extraction workers import this module again; they must not run the command
    main()
