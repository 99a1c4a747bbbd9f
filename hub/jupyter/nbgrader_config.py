"""nbgrader settings of every server on the course's hub (on each server's JUPYTER_CONFIG_PATH).

- the exchange: the hub's shared folder (NBGRADER_EXCHANGE, set by hub/jupyterhub_config.py),
  one sub-folder per course;
- who takes the course: the hub's groups (nbgrader-<course>, formgrade-<course>), read through
  the hub's API by nbgrader's JupyterHubAuthPlugin;
- a full exchange folder: the student is told so in plain words, and nothing half-copied stays.
"""

import errno
import os
import shutil

from nbgrader.exchange.default.submit import ExchangeSubmit

c = get_config()  # noqa: F821 - provided by traitlets

c.Exchange.root = os.environ["NBGRADER_EXCHANGE"]
c.Exchange.path_includes_course = True
c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"

FULL = (
    "The course's exchange folder is full (no space left on the server's disk), so "
    "{assignment} was NOT submitted. Your work is safe in your own folder: tell your "
    "instructor, and submit again once they have made room."
)


def _disk_full(exc):
    """A full disk or quota, raised directly or inside shutil.copytree's list of errors."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    texts = [
        str(entry) for entry in (exc.args[0] if isinstance(exc, shutil.Error) and exc.args else [])
    ]
    return any(f"[Errno {code}]" in text for text in texts for code in (errno.ENOSPC, errno.EDQUOT))


class CourseExchangeSubmit(ExchangeSubmit):
    """nbgrader's submit; a full disk ends it with a clear message and no partial copy."""

    def copy_files(self):
        try:
            super().copy_files()
        except OSError as exc:
            if not _disk_full(exc):
                raise
            shutil.rmtree(
                os.path.join(self.inbound_path, self.assignment_filename), ignore_errors=True
            )
            self.fail(FULL.format(assignment=self.coursedir.assignment_id))


c.ExchangeFactory.submit = CourseExchangeSubmit
