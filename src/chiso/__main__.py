from chiso.cli.app import main

main()
