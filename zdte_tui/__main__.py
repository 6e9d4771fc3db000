from zdte_tui.cli import main

raise SystemExit(main())
