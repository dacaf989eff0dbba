"""``python -m cchc_sheets`` runs the command line (handy where the console script is not on PATH)."""

from cchc_sheets.cli import main

main(prog_name="cchc-sheets")
