"""What a student's environment gets besides ``helpers``: the JupyterLab settings script
(``lab_settings.py``; the student bundle's ``setup_lab.py``) and the bundle's README
(``STUDENT_README.md``). Nothing here is imported by a lesson or by the grader."""
