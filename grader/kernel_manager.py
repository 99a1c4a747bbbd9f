"""The grading kernel's manager and client: started through the guard (or the sandbox), ready
without fixed waits, its end seen within 5 ms.

:class:`GuardedKernelManager` starts the kernel through ``grader.kernel_guard`` (a memory cap,
a log file) or inside the bubblewrap sandbox (``grader.kernel_sandbox``: run folder, cgroup,
wall clock), keeps its ``Popen`` to report how it ended, and undoes the sandbox when the kernel
is gone. :class:`GuardedKernelClient` is jupyter_client's client without its fixed 0.2 s waits.
Both are used by :class:`grader.kernel.GuardedExecute`.
"""

import os
import time
from queue import Empty

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import Any, Bool, Integer, Unicode

__all__ = ["STARTUP_DEATH", "GuardedKernelClient", "GuardedKernelManager"]

#: what a kernel that died before its first reply raises (jupyter_client's words)
STARTUP_DEATH = "Kernel died before replying to kernel_info"


class GuardedKernelClient(AsyncKernelClient):
    """jupyter_client's client with a quicker :meth:`wait_for_ready`.

    jupyter_client's waits 0.2 s for an IOPub message after the ``kernel_info`` reply (and
    starts over without one), then 0.2 s of IOPub silence: about 0.4 s of every grading
    kernel's start in which nothing runs. This one asks again every 20 ms until the reply and an
    IOPub message have both come, then takes what IOPub already holds. Its sockets, connected
    before the kernel binds its own, try again every :attr:`reconnect_ms`.
    """

    #: milliseconds between ZeroMQ's tries to reach a kernel that has not bound its sockets yet
    #: (ZeroMQ's default, 100 ms, is about half of a pre-warmed kernel's start)
    reconnect_ms = 10

    def _create_connected_socket(self, channel, identity=None):
        self.context.setsockopt(zmq.RECONNECT_IVL, self.reconnect_ms)
        return super()._create_connected_socket(channel, identity)

    async def wait_for_ready(self, timeout=None):
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        reply = None
        while True:
            self.kernel_info()
            try:
                msg = await self.shell_channel.get_msg(timeout=1 if reply is None else 0.02)
                if msg["msg_type"] == "kernel_info_reply":
                    reply = msg
            except Empty:
                pass
            if reply is not None:
                try:
                    await self.iopub_channel.get_msg(timeout=0.02)
                except Empty:
                    pass
                else:
                    break
            if not await self._async_is_alive():
                raise RuntimeError(STARTUP_DEATH)
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")
        self._handle_kernel_info_reply(reply)
        while True:  # what IOPub holds now: the status messages of the requests above
            try:
                await self.iopub_channel.get_msg(timeout=0.005)
            except Empty:
                break


class GuardedKernelManager(AsyncKernelManager):
    """A kernel manager that starts the kernel through ``grader.kernel_guard``.

    ``memory_limit_mb`` (0: no cap) and ``kernel_log`` ("" : the grader's own terminal) are
    set by :class:`GuardedExecute`. ``kernel_process`` keeps the kernel's ``Popen`` so that
    its exit status can be reported after it died. With ``sandbox_limits`` (a
    ``grader.sandbox.Limits``) the kernel runs sandboxed: its run folder and cgroup are made
    before it starts, its wall clock runs from its launch, and all of it is undone when it is
    gone (``grader.kernel_sandbox``); ``sandbox_ended`` then says why the grader ended it
    ("" when it did not). With ``sandbox_prewarm`` the sandboxed kernel is forked from a
    pre-warmed server (``grader.prewarm``) instead of starting in a ``bwrap`` of its own.
    """

    client_class = "grader.kernel_manager.GuardedKernelClient"
    client_factory = GuardedKernelClient
    memory_limit_mb = Integer(0)
    kernel_log = Unicode("")
    kernel_process = None
    sandbox_limits = Any(None)  # a grader.sandbox.Limits: run the kernel sandboxed; None: not
    sandbox_prewarm = Bool(False)  # fork the sandboxed kernel from a pre-warmed server
    _sandbox_box = _sandbox_cwd = None

    @property
    def sandbox_ended(self):
        """Why the grader ended this kernel's sandbox (its wall clock), or ""."""
        return (
            self._sandbox_box.ended
            if self._sandbox_box is not None
            else getattr(self, "_ended", "")
        )

    async def _async_pre_start_kernel(self, **kw):
        if self.sandbox_limits is not None:
            from grader import kernel_sandbox

            self._sandbox_box = kernel_sandbox.prepare(km=self, limits=self.sandbox_limits)
        return await super()._async_pre_start_kernel(**kw)

    def _release_sandbox(self):
        if self._sandbox_box is not None or self._sandbox_cwd is not None:
            from grader import kernel_sandbox

            self._ended = self.sandbox_ended
            kernel_sandbox.release(box=self._sandbox_box, workdir=self._sandbox_cwd)
            self._sandbox_box = self._sandbox_cwd = None

    async def _async_cleanup_resources(self, restart=False):
        await super()._async_cleanup_resources(restart=restart)
        if self.sandbox_limits is not None and not restart:
            self._release_sandbox()

    cleanup_resources = _async_cleanup_resources  # nbclient calls this one for a dead kernel

    async def _async_wait(self, pollinterval=0.1):
        """Wait for the kernel process to end, looking every 5 ms (jupyter_client: 100 ms)."""
        await super()._async_wait(pollinterval=min(pollinterval, 0.005))

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        if self.sandbox_limits is not None:  # wrapped in _async_launch_kernel
            return cmd
        if not self.memory_limit_mb and not self.kernel_log:
            return cmd
        from grader import kernel_guard

        guard = kernel_guard.command() + ["--memory-mb", str(self.memory_limit_mb)]
        if self.kernel_log:
            guard += ["--log", self.kernel_log]
        return guard + ["--"] + cmd

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        if self.sandbox_limits is None:
            await super()._async_launch_kernel(kernel_cmd, **kw)
            self.kernel_process = getattr(self.provisioner, "process", None)
            return
        from grader import kernel_sandbox

        try:
            kernel_cmd, kw["cwd"], kw["env"] = kernel_sandbox.launch_command(
                command=kernel_cmd,
                cwd=kw.get("cwd"),
                env=kw.get("env") or os.environ,
                box=self._sandbox_box,
                log=self.kernel_log,
                prewarm=self.sandbox_prewarm,
            )
            self._sandbox_cwd = kw["cwd"]
            await super()._async_launch_kernel(kernel_cmd, **kw)
        except BaseException:  # no kernel: nothing may stay behind
            self._release_sandbox()
            raise
        self.kernel_process = getattr(self.provisioner, "process", None)
        kernel_sandbox.start_clock(box=self._sandbox_box, process=self.kernel_process)
