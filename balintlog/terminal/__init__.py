"""What the commands of :mod:`balintlog.commands` share, and nothing the
library needs: the application state and the error boundary, tables and JSON
output, option parsing, prompts, unlocking policy, the editor loop and the
capture flow of note-taking commands. Nothing under ``balintlog`` outside the
command line imports it."""
