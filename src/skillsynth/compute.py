"""The `compute` engine: a Dask client for a stage, and functions mapped over ordered partitions."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from tqdm import tqdm

from skillsynth.config import Compute, DaskCompute
from skillsynth.errors import SkillsynthError
from skillsynth.rng import BLOCK_SIZE

if TYPE_CHECKING:
    from distributed import Client

log = logging.getLogger(__name__)


def available_cores() -> int:
    """Cores this process may run on: its CPU affinity where the system reports one, else every core."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13: the affinity where there is one
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):  # Linux; macOS and Windows have no such call
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@dataclass(frozen=True)
class Cluster:
    """A Dask cluster a stage runs its heavy work on, and the rows it gives each task."""

    client: Client
    partition_size: int


@contextmanager
def cluster(compute: Compute) -> Iterator[Cluster | None]:
    """The cluster a stage runs its heavy work on (compute=dask), or None to run it here (compute=local).

    The one place the engine is chosen: a stage asks this, never the config's type or name.
    """
    if not isinstance(compute, DaskCompute):
        yield None
        return
    with dask_client(compute) as client:
        yield Cluster(client, compute.partition_size)


@contextmanager
def dask_client(compute: DaskCompute) -> Iterator[Client]:
    """A client of the scheduler at ``compute.address``, or of a LocalCluster started (and closed) here."""
    from distributed import Client, LocalCluster

    started = time.perf_counter()
    if compute.address:
        try:
            client = Client(compute.address, timeout=compute.connect_timeout)
        except (OSError, TimeoutError) as error:
            reason = " ".join(str(error).split())
            raise SkillsynthError(
                f"compute.address = {compute.address!r}: no Dask scheduler answered within "
                f"{compute.connect_timeout:g} s ({reason}); start one with `dask scheduler`, or set "
                'compute.address to "" for a local cluster'
            ) from None
        with client:
            log.info(
                "compute: joined the Dask scheduler at %s (%d workers, %d threads) in %.1f s",
                compute.address,
                *cluster_size(client),
                time.perf_counter() - started,
            )
            yield client
        return
    with (
        LocalCluster(
            n_workers=compute.n_workers,
            threads_per_worker=compute.threads_per_worker,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        log.info(
            "compute: started a LocalCluster of %d workers x %d threads in %.1f s",
            compute.n_workers,
            compute.threads_per_worker,
            time.perf_counter() - started,
        )
        yield client


def cluster_size(client: Client) -> tuple[int, int]:
    """The cluster's workers and their threads, in all."""
    workers = client.scheduler_info(n_workers=-1)["workers"].values()
    return len(workers), sum(worker["nthreads"] for worker in workers)


def partition_slices(count: int, size: int) -> list[slice]:
    """Consecutive slices of at most ``size`` items covering ``range(count)``."""
    if size < 1:
        raise ValueError(f"partition size must be at least 1, got {size}")
    return [slice(start, min(start + size, count)) for start in range(0, count, size)]


def block_partitions(count: int, size: int) -> list[slice]:
    """Partitions of ``count`` samples that start on seed-block boundaries (``size`` a multiple of BLOCK_SIZE)."""
    if size < BLOCK_SIZE or size % BLOCK_SIZE:
        raise ValueError(f"partition size {size} must be a positive multiple of the seed block, {BLOCK_SIZE}")
    return partition_slices(count, size)


def map_partitions(
    client: Client,
    function: Callable[..., Any],
    partitions: Sequence[Any],
    *args: Any,
    desc: str,
    on_done: Callable[[int], None] | None = None,
    **kwargs: Any,
) -> list[Any]:
    """``function(partition, *args, **kwargs)`` for each partition on the cluster; results in partition order.

    Each partition travels inside its task, so a worker lost mid-stage costs only a recomputation
    (Dask reschedules its tasks on the others); ``on_done(index)`` is called as each one finishes.
    """
    from distributed import as_completed

    futures = [client.submit(function, part, *args, pure=False, **kwargs) for part in partitions]
    index_of = {future.key: index for index, future in enumerate(futures)}
    results: list[Any] = [None] * len(futures)
    try:
        for future in tqdm(as_completed(futures), total=len(futures), desc=desc, unit="partition"):
            index = index_of[future.key]
            results[index] = future.result()
            if on_done is not None:
                on_done(index)
    finally:
        client.cancel(futures)
    return results


def slice_rows(values: np.ndarray | pd.Series | pd.DataFrame, rows: slice) -> Any:
    """Rows ``rows`` (positional) of an array, Series or DataFrame."""
    return values.iloc[rows] if isinstance(values, (pd.Series, pd.DataFrame)) else values[rows]


def _call_on_block(rows_and_arrays: tuple, function: Callable[..., pd.DataFrame], *args: Any) -> pd.DataFrame:
    first_block, arrays = rows_and_arrays
    return function(*arrays, *args, first_block=first_block)


def map_sample_blocks(
    client: Client,
    function: Callable[..., pd.DataFrame],
    arrays: Sequence[np.ndarray | pd.Series],
    *args: Any,
    partition_size: int,
    desc: str,
) -> pd.DataFrame:
    """``function(*arrays, *args, first_block=...)`` on block-aligned partitions, concatenated in order.

    ``function`` draws with ``rng.sample_blocks(..., first_block)``, so the result is the one a single
    call on the whole arrays gives, whatever the partition size or the number of workers.
    """
    count = len(arrays[0])
    partitions = [
        (rows.start // BLOCK_SIZE, tuple(slice_rows(values, rows) for values in arrays))
        for rows in block_partitions(count, partition_size)
    ]
    frames = map_partitions(client, _call_on_block, partitions, function, *args, desc=desc)
    return pd.concat(frames, ignore_index=True)


def by_sample_blocks(
    compute: Compute,
    function: Callable[..., pd.DataFrame],
    arrays: Sequence[np.ndarray | pd.Series],
    *args: Any,
    desc: str,
) -> pd.DataFrame:
    """``function(*arrays, *args)`` here (compute=local), or on the Dask cluster by seed-block partitions."""
    with cluster(compute) as on_cluster:
        if on_cluster is None:
            return function(*arrays, *args)
        return map_sample_blocks(
            on_cluster.client, function, arrays, *args, partition_size=on_cluster.partition_size, desc=desc
        )
