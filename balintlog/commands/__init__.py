"""The command line, one module per noun. ``balintlog.cli`` assembles them;
:mod:`balintlog.commands.base` holds what every command shares (the
application state, the error boundary, output helpers)."""
