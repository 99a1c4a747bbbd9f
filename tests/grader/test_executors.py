"""grader.executors: the cores are shared out between the local workers' kernels."""

from grader.executors import SerialExecutor, make_executor
from grader.executors.local import KERNEL_THREAD_VARS, kernel_thread_env


def test_kernel_threads_are_the_cores_shared_between_workers():
    assert kernel_thread_env(2, cores=2, environ={}) == {var: "1" for var in KERNEL_THREAD_VARS}
    assert kernel_thread_env(2, cores=8, environ={}) == {var: "4" for var in KERNEL_THREAD_VARS}
    assert kernel_thread_env(3, cores=8, environ={}) == {var: "2" for var in KERNEL_THREAD_VARS}
    assert kernel_thread_env(4, cores=2, environ={}) == {var: "1" for var in KERNEL_THREAD_VARS}
    # one worker, or an instructor's own setting: left alone
    assert kernel_thread_env(1, cores=2, environ={}) == {}
    assert kernel_thread_env(2, cores=2, environ={"OMP_NUM_THREADS": "2"}) == {
        "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1"}


def test_make_executor_picks_serial_local_or_dask():
    assert isinstance(make_executor(serial=True), SerialExecutor)
    from grader.executors.cluster import DaskExecutor

    assert make_executor(scheduler="tcp://127.0.0.1:1").describe() == "Dask scheduler tcp://127.0.0.1:1"
    assert isinstance(make_executor(scheduler="tcp://127.0.0.1:1"), DaskExecutor)
    local = make_executor(workers=1)
    try:
        assert local.describe() == "1 worker processes"
    finally:
        local.close()
