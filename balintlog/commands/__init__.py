"""The command line, one module per noun. ``balintlog.cli`` assembles them;
:mod:`balintlog.terminal` holds what the commands share (the application
state, the error boundary, output, prompts, the capture flow)."""
