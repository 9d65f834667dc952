"""The headless subcommands (extract, export, eval) that ``tui.cli`` runs."""
