from balintlog import main

main()
