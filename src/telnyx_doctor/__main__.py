"""`python -m telnyx_doctor`: the same CLI as `doctor`."""

from telnyx_doctor.cli import main

raise SystemExit(main())
