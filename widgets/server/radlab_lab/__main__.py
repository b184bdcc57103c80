"""`python3 -m radlab_lab [--ServerApp.* options]`: starts Jupyter Server with radlab's lab."""

from radlab_lab import RadlabLabApp

RadlabLabApp.launch_instance()
