"""The chainrule course tooling: everything the Makefile, CI and instructors run, apart from the reader's helpers.

One module per job, each with its `main` reached through `python -m chainrule_course` (cli.py):

- `repository`: the one module that knows the repository's folders;
- `execute`: regenerate each .ipynb from its .py and execute it;
- `verify`: nbtruth with the chapter's house style;
- `drift`: what new dependency versions change in the outputs; `portability`: what other machines change;
- `lab`: the student's JupyterLab; `book`: the chapter as a website and a PDF;
- `grading/`: releasing the assignments and grading submissions in a sandbox.

It imports the reader's helpers (`chainrule_helpers`) where it needs them; the helpers never import it.
"""
