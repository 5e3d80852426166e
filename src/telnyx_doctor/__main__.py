"""`python -m telnyx_doctor`: the same CLI as `doctor`."""

from telnyx_doctor.cli.main import main

raise SystemExit(main())
