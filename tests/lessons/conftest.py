"""Parametrise each lesson's ``wrong_answer`` and ``right_answer`` tests over that lesson's answers."""


def pytest_generate_tests(metafunc):
    if "wrong_answer" in metafunc.fixturenames and metafunc.cls is not None:
        metafunc.parametrize("wrong_answer", list(metafunc.cls.wrong_answers))
    if "right_answer" in metafunc.fixturenames and metafunc.cls is not None:
        metafunc.parametrize("right_answer", list(metafunc.cls.right_answers))
