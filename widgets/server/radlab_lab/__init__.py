"""radlab's lab on Jupyter Server: a LabServerApp that serves the lab built in widgets/dist/lab.

Run by `radlab lab` / `npm start` as `/usr/bin/python3 -m radlab_lab` with PYTHONPATH set to
widgets/server, on Debian's jupyter_server 1.23 and jupyterlab_server 2.16 (the recipe of
JupyterLab's examples/app). Every Jupyter folder comes from the environment that `radlab lab`
sets (JUPYTER_CONFIG_DIR, JUPYTER_DATA_DIR, JUPYTER_RUNTIME_DIR, JUPYTER_PATH under the
project's .jupyter-local), never the user's home. Binding to 127.0.0.1 and the token are
decided by the caller's --ServerApp options; this module only refuses a non-loopback ip.
"""

import os

from jupyter_core.paths import jupyter_config_dir, jupyter_data_dir
from jupyter_server.base.handlers import APIHandler, JupyterHandler
from jupyterlab_server import LabServerApp
from tornado import web, websocket
from traitlets import default, validate

HERE = os.path.dirname(os.path.abspath(__file__))
WIDGETS = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(WIDGETS, "dist", "lab")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class MeHandler(APIHandler):
    """GET /api/me: who the lab's user is (Jupyter Server 2 has this endpoint, 1.23 does not;
    without it the lab's user manager logs a 404 on every page load)."""

    @web.authenticated
    def get(self):
        user = self.current_user
        name = user if isinstance(user, str) else getattr(user, "username", "radlab")
        self.finish(
            {
                "identity": {
                    "username": name,
                    "name": name,
                    "display_name": name,
                    "initials": name[:1].upper(),
                    "avatar_url": None,
                    "color": None,
                },
                "permissions": {},
            }
        )


class EventsSubscribeHandler(JupyterHandler, websocket.WebSocketHandler):
    """WebSocket /api/events/subscribe: Jupyter Server 2's event stream, which the lab's event
    manager opens. Server 1.23 emits no events, so the socket stays open and silent; it exists
    so the lab does not log a failed connection."""

    async def get(self, *args, **kwargs):
        if self.current_user is None:
            raise web.HTTPError(403)
        return await super().get(*args, **kwargs)

    def on_message(self, message):
        """Clients do not send on this socket; anything sent is ignored."""


class RadlabLabApp(LabServerApp):
    """The lab page, its settings, themes and workspaces, plus the two Server 2 endpoints above."""

    name = "radlab_lab"
    app_name = "radlab"
    extension_url = "/lab"
    default_url = "/lab"
    app_url = "/lab"
    load_other_extensions = False
    templates_dir = os.path.join(HERE, "templates")
    static_dir = os.path.join(BUILD, "static")
    schemas_dir = os.path.join(BUILD, "schemas")
    themes_dir = os.path.join(BUILD, "themes")

    @default("user_settings_dir")
    def _default_user_settings_dir(self):
        return os.path.join(jupyter_config_dir(), "lab", "user-settings")

    @default("workspaces_dir")
    def _default_workspaces_dir(self):
        return os.path.join(jupyter_config_dir(), "lab", "workspaces")

    @default("labextensions_path")
    def _default_labextensions_path(self):
        # Only the project's own folder: the system's /usr/share/jupyter/labextensions belong
        # to another JupyterLab.
        return [os.path.join(jupyter_data_dir(), "labextensions")]

    def initialize_settings(self):
        super().initialize_settings()
        ip = self.serverapp.ip
        if ip not in LOOPBACK:
            raise SystemExit(f"radlab lab listens on 127.0.0.1 only, not on {ip!r}")
        page_config = self.serverapp.web_app.settings.setdefault("page_config_data", {})
        # window.jupyterapp: lets a test (or a curious user in the console) reach the running lab.
        page_config["exposeAppInBrowser"] = True

    def initialize_handlers(self):
        super().initialize_handlers()
        self.handlers.extend([(r"/api/me", MeHandler), (r"/api/events/subscribe", EventsSubscribeHandler)])


def _jupyter_server_extension_points():
    return [{"module": "radlab_lab", "app": RadlabLabApp}]
