"""Fitting the per-skill regressors on a Dask cluster with ``xgboost.dask``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import xgboost as xgb
from tqdm import tqdm

from skillsynth.model.fitting import FitJob, model_columns, skill_params

if TYPE_CHECKING:
    from distributed import Client

TARGET, WEIGHT = "__target__", "__weight__"


def fit_models_on_cluster(
    client: Client, jobs: Sequence[FitJob], params: dict[str, Any], partition_size: int
) -> list[xgb.XGBRegressor]:
    """Fit every job with ``xgboost.dask`` on the cluster, its rows in partitions of ``partition_size``.

    A partition is the unit a worker holds, so a table of one partition trains on one worker (and
    gives the local model); larger tables spread over the workers.

    Each fit is returned as a plain ``XGBRegressor`` (the same booster), so it predicts on pandas
    and saves in XGBoost's own format like a local fit. Trees depend on how rows are partitioned
    over workers, so a model may differ from a local one in the last digits.
    """
    import dask.dataframe as dd
    from xgboost.dask import DaskXGBRegressor

    models = []
    for job in tqdm(jobs, desc="train on the Dask cluster", unit="fit"):
        columns = model_columns(params)
        frame = job.features.loc[:, columns].reset_index(drop=True).assign(**{TARGET: job.target, WEIGHT: job.weights})
        rows = dd.from_pandas(frame, chunksize=partition_size)
        features = rows[columns]
        job_params = skill_params(params, job.skill)
        cluster_model = DaskXGBRegressor(**job_params)
        cluster_model.client = client
        cluster_model.fit(features, rows[TARGET], sample_weight=rows[WEIGHT])
        model = xgb.XGBRegressor(**job_params)
        model.load_model(bytearray(cluster_model.get_booster().save_raw("json")))
        models.append(model)
    return models
