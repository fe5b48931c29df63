"""``python -m minning_cli`` runs the ``minning`` command."""

from .cli import main

main()
