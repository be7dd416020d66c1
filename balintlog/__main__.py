from balintlog.cli import main

main()
