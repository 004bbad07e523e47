"""Sphinx configuration of the chapter's book: `make book` (chainrule_course.book) stages the sources.

Everything the pages need is served by the site itself: MathJax is copied from the
django-static-mathjax wheel into _static/, the theme bundles its fonts and icons, and the search
index is Sphinx's own. Nothing is executed: the notebooks' outputs are the committed, verified ones.
"""

import os

project = "The chain rule and backpropagation"
author = "the chainrule authors"
copyright = "the chainrule authors, MIT licence"

extensions = ["myst_nb", "sphinx_copybutton"]
nb_execution_mode = "off"
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
suppress_warnings = ["mystnb.unknown_mime_type"]

html_theme = "sphinx_book_theme"
html_title = "The chain rule and backpropagation"
html_static_path = ["_static"]
html_css_files = ["chainrule.css"]
html_js_files = ["chainrule.js"]
html_last_updated_fmt = None
html_show_sphinx = False
html_copy_source = True  # each page's download button serves its .ipynb from _sources/
mathjax_path = "mathjax/tex-mml-chtml.js"

# One setting holds the repository's URL: pyproject.toml's [project.urls] Repository, passed in by
# chainrule_course.book. The Binder and Colab launch links and the repository button are built from it.
REPOSITORY = os.environ["CHAINRULE_REPOSITORY"]
html_theme_options = {
    "repository_url": REPOSITORY,
    "repository_branch": "main",
    "path_to_docs": "notebooks",
    "use_repository_button": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    # Colab has no chapter installed: each notebook's first cell installs the helpers there.
    "launch_buttons": {"binderhub_url": "https://mybinder.org", "colab_url": "https://colab.research.google.com",
                       "notebook_interface": "jupyterlab"},
    "show_navbar_depth": 1,
    "home_page_in_toc": True,
}
# The theme's first script reads the reader's light/dark choice, falling back to this one.
html_context = {"default_mode": "auto"}
html_favicon = "_static/favicon.svg"
