"""``python -m greenmfg`` runs the command line."""

from greenmfg.cli.app import main

main()
