"""JupyterHub for the Shapes & Batches course (`make hub`; docs/hub.md).

`hub/hubctl.py up` prepares the state folder (accounts, course, exchange, proxy, secrets) and
starts ``jupyterhub -f hub/jupyterhub_config.py`` with HUB_STATE, HUB_CLASS, HUB_IP, HUB_PORT.

- Who: the class list (``hub/class_list.csv``): instructors are in the hub groups
  ``formgrade-shapes-and-batches`` and ``nbgrader-shapes-and-batches``, students in the latter.
  nbgrader's JupyterHubAuthPlugin reads those groups: only members fetch and submit.
- Where: every user's server runs as that person's Unix user (LocalProcessSpawner), from the
  course's venv, in their home; the exchange is one shared folder.
- What they see: instructors get Formgrader in their own server, over their course folder;
  students get the Assignment List and Validate only (``student/lab_settings.py --student``).
"""

import csv
import hmac
import json
import os
import sys
from pathlib import Path

from jupyterhub.auth import Authenticator

c = get_config()  # noqa: F821 - provided by traitlets

HERE = Path(__file__).resolve().parent
STATE = Path(os.environ.get("HUB_STATE") or HERE / "state")
COURSE = "shapes-and-batches"
STUDENTS, GRADERS = f"nbgrader-{COURSE}", f"formgrade-{COURSE}"
VENV_BIN = Path(sys.executable).parent  # the hub runs from the course's venv
PORT = int(os.environ.get("HUB_PORT") or 8000)
if not (STATE / "class.json").exists():
    raise SystemExit(f"{STATE / 'class.json'} is missing: start the hub with `make hub`")
CLASS = json.loads((STATE / "class.json").read_text(encoding="utf-8"))
SECRETS = STATE / "secrets"


class ClassListAuthenticator(Authenticator):
    """Demo log-in: the people of the class list, each with the password `make hub` generated
    for them (hub/state/secrets/passwords.csv, readable by root only)."""

    def _passwords(self):
        with open(SECRETS / "passwords.csv", newline="", encoding="utf-8") as rows:
            return {row["username"]: row["password"] for row in csv.DictReader(rows)}

    async def authenticate(self, handler, data):
        expected = self._passwords().get(data.get("username", ""))
        if expected and hmac.compare_digest(expected.encode(), data.get("password", "").encode()):
            return data["username"]
        return None


# -- who may log in ------------------------------------------------------------------------
# For a real class, replace this ONE line (docs/hub.md, "A real log-in"), e.g. with
# "github" (OAuthenticator) or "ltiauthenticator.lti13.auth.LTI13Authenticator" (LTI 1.3), and
# add that authenticator's own settings below it. The class list still decides who is allowed.
c.JupyterHub.authenticator_class = ClassListAuthenticator

c.Authenticator.allowed_users = set(CLASS["instructor"]) | set(CLASS["student"])
c.Authenticator.allow_existing_users = False  # the class list alone says who may log in

# -- groups and roles: nbgrader's course membership, the instructors' rights ----------------
c.JupyterHub.load_groups = {
    STUDENTS: {"users": CLASS["instructor"] + CLASS["student"]},
    GRADERS: {"users": CLASS["instructor"]},
}
c.JupyterHub.load_roles = [
    # every user's server may read its owner's groups: nbgrader's JupyterHubAuthPlugin
    {
        "name": "server",
        "scopes": [
            "users:activity!user",
            "access:servers!server",
            "read:users:groups!user",
            "read:users:name!user",
        ],
    },
    # instructors see the class in the hub's admin page and start or stop its servers
    {
        "name": "instructor",
        "groups": [GRADERS],
        "scopes": [
            "admin-ui",
            "list:users",
            f"read:users!group={STUDENTS}",
            f"admin:servers!group={STUDENTS}",
        ],
    },
    # scripts on this machine (the root-only token of hub/state/secrets/admin-token)
    {
        "name": "course-admin",
        "services": ["course-admin"],
        "scopes": ["admin:users", "admin:servers", "access:servers", "tokens", "admin:groups"],
    },
]
c.JupyterHub.services = [
    {"name": "course-admin", "api_token": (SECRETS / "admin-token").read_text().strip()},
]

# -- where -----------------------------------------------------------------------------------
c.JupyterHub.ip = os.environ.get("HUB_IP") or "127.0.0.1"
c.JupyterHub.port = PORT
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{PORT + 1}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PORT + 2}"
c.ConfigurableHTTPProxy.command = [
    os.environ.get("HUB_PROXY")
    or str(HERE / "state" / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy")
]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.JupyterHub.db_url = (
    f"sqlite:///{SECRETS / 'jupyterhub.sqlite'}"  # sessions, hashed tokens: root only
)
c.JupyterHub.cookie_secret_file = str(SECRETS / "cookie-secret")

# -- each person's server --------------------------------------------------------------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
# TensorFlow's C++ logs: the class venv's kernel setting (capture_fd_output = False, written by
# student/lab_settings.py when `make hub-deps` built it) sends them to the server's log, not into
# cells; these variables quiet most of them there too.
BASE_ENV = {
    "PATH": f"{VENV_BIN}:/usr/bin:/bin",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "LANG": "C.UTF-8",
    "NBGRADER_EXCHANGE": str(STATE / "exchange"),
}
c.Spawner.environment = BASE_ENV
HUB_JUPYTER = HERE / "jupyter"  # nbgrader_config.py shared by every server
STUDENT_JUPYTER = STATE / "student" / "etc" / "jupyter"  # no instructor plugins


def pre_spawn_hook(spawner):
    """Students get the student Lab settings on their config path; instructors do not."""
    path = [str(HUB_JUPYTER)]
    if spawner.user.name not in CLASS["instructor"]:
        path.insert(0, str(STUDENT_JUPYTER))
    spawner.environment = {**BASE_ENV, "JUPYTER_CONFIG_PATH": os.pathsep.join(path)}


c.Spawner.pre_spawn_hook = pre_spawn_hook
