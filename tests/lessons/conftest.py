"""Parametrise each lesson's ``wrong_answer`` tests over that lesson's named wrong answers."""


def pytest_generate_tests(metafunc):
    if "wrong_answer" in metafunc.fixturenames and metafunc.cls is not None:
        metafunc.parametrize("wrong_answer", list(metafunc.cls.wrong_answers))
