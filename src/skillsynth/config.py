"""Typed settings: load params.yaml (or compose conf/ with Hydra overrides) and reject bad values."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from skillsynth.contract import ALLOWED_GRADES, FEATURE_COLUMNS, LEVELS, LINGUISTIC_COLUMNS, SKILLS
from skillsynth.errors import SkillsynthError
from skillsynth.quality.catalog import SUITES
from skillsynth.rng import BLOCK_SIZE

if TYPE_CHECKING:
    from omegaconf import DictConfig

# The contract's names: a tuple inside Literal[] means each of its values (pydantic reads it so; mypy cannot).
Skill = Literal[SKILLS]  # type: ignore[valid-type]
Level = Literal[LEVELS]  # type: ignore[valid-type]  # as Skill
Suite = Literal[SUITES]  # type: ignore[valid-type]  # as Skill
LLM_STAGES = ("generate", "label")  # the stages that may ask an LLM, and write a usage record
LlmStage = Literal[LLM_STAGES]  # type: ignore[valid-type]  # as Skill
Grade = Annotated[int, Field(ge=min(ALLOWED_GRADES), le=max(ALLOWED_GRADES))]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
PositiveFloat = Annotated[float, Field(gt=0.0)]
NonNegativeFloat = Annotated[float, Field(ge=0.0)]


def _columns_of(known: tuple[str, ...], kind: str) -> AfterValidator:
    """A check that a list names only ``known`` columns (``kind`` says which, in the error)."""

    def check(names: list[str]) -> list[str]:
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValueError(f"unknown feature(s) {unknown}; expected {kind} columns of the data contract")
        return names

    return AfterValidator(check)


class Section(BaseModel):
    """A config section: typed, and unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Paths(Section):
    model_config = ConfigDict(extra="forbid", frozen=True, protected_namespaces=())  # keys such as model_card
    data_dir: str
    responses: str
    linguistic: str
    behavioral: str
    labels: str
    training_data: str
    models_dir: str
    model_files: dict[Skill, str]  # skill -> its model file, directly inside models_dir
    registry: str
    reports_dir: str
    metrics: str
    metrics_detail: str
    config_check: str
    predictions: str
    quality_dir: str
    quality_reports: dict[Suite, str]  # suite -> its gate's JSON verdict
    plots_dir: str
    llm_usage_dir: str
    llm_usage_parts: dict[LlmStage, str]  # LLM stage -> its usage record
    llm_usage: str
    llm_cost: str
    real_dir: str
    real_data: str
    real_predictions: str
    reference_dir: str
    fidelity: str
    fidelity_detail: str
    plot_fidelity_words: str
    plot_fidelity_distances: str
    behaviour: str
    behaviour_detail: str
    plot_behaviour_invariance: str
    plot_behaviour_directional: str
    real_agreement: str
    real_transfer: str
    plot_pred_vs_actual: str
    plot_residuals: str
    plot_importance: str
    plot_score_by_level: str
    plot_learning_curve: str
    plot_real_curve: str
    model_card: str
    dataset_card: str

    @model_validator(mode="after")
    def _every_name_given(self) -> Paths:
        for key, given, expected in (
            ("model_files", self.model_files, SKILLS),
            ("quality_reports", self.quality_reports, SUITES),
            ("llm_usage_parts", self.llm_usage_parts, LLM_STAGES),
        ):
            missing = [name for name in expected if name not in given]
            if missing:
                raise ValueError(f"paths.{key} has no path for {missing}; expected one for each of {list(expected)}")
        models_dir = Path(self.models_dir)
        for skill, file in self.model_files.items():
            if Path(file).parent != models_dir:
                raise ValueError(
                    f"paths.model_files.{skill}: {file!r} is not directly inside paths.models_dir {self.models_dir!r}; "
                    "`predict` and `serve` load every model from that one folder"
                )
        return self


class Latent(Section):
    level_means: dict[Level, float]
    within_level_sd: PositiveFloat
    skill_correlation: Annotated[float, Field(ge=0.0, lt=1.0)]

    @field_validator("level_means")
    @classmethod
    def _every_level_ordered(cls, means: dict[str, float]) -> dict[str, float]:
        missing = [level for level in LEVELS if level not in means]
        if missing:
            raise ValueError(f"needs a mean for every level {list(LEVELS)}, missing {missing}")
        if not means["high"] > means["medium"] > means["developing"]:
            raise ValueError("expected high > medium > developing")
        return means


class Data(Section):
    count: Annotated[int, Field(ge=1)]
    grades: Annotated[list[Grade], Field(min_length=1)]
    skills: Annotated[list[Skill], Field(min_length=1)]
    latent: Latent
    real_path: str  # "" = no real data
    real_score_scale: tuple[float, float]  # the real file's rating scale: [lowest, highest]
    real_fraction: Unit
    reference_path: str  # "" = no reference corpus

    @field_validator("real_score_scale")
    @classmethod
    def _scale_rises(cls, scale: tuple[float, float]) -> tuple[float, float]:
        if not scale[1] > scale[0]:
            raise ValueError(f"expected [lowest, highest] with lowest < highest, got {list(scale)}")
        return scale

    @field_validator("grades", "skills")
    @classmethod
    def _no_repeats(cls, values: list) -> list:
        repeated = sorted({v for v in values if values.count(v) > 1}, key=str)
        if repeated:
            raise ValueError(f"expected each value once, repeated: {repeated}")
        return values


class Nlp(Section):
    model: Annotated[str, Field(min_length=1)]
    batch_size: Annotated[int, Field(ge=1)]
    n_process: Annotated[int, Field(ge=0)]  # 0 = all cores


class Behavior(Section):
    skill_effect: NonNegativeFloat
    grade_effect: NonNegativeFloat
    session_minutes: PositiveFloat


class Split(Section):
    test_size: Annotated[float, Field(gt=0.0, lt=1.0)]


class BehaviourGate(Section):
    """What the trained models must do on the behaviour cases (the `behaviour` stage)."""

    cases: Annotated[int, Field(ge=10)]
    directional_cases: Annotated[int, Field(ge=10)]
    min_train_rows: Annotated[int, Field(ge=0)]
    invariance_max_p95: Annotated[float, Field(gt=0.0, le=1.0)]
    directional_min_pass_rate: Unit
    min_functionality_min_accuracy: Unit
    telemetry_min_pass_rate: Unit


class Quality(Section):
    """Thresholds of the data-quality gates."""

    score_min_gap: NonNegativeFloat
    score_bands: dict[Level, tuple[Unit, Unit]]
    behavior_min_gap: NonNegativeFloat
    min_rows_per_level: Annotated[int, Field(ge=1)]
    data_docs: bool
    max_detection_auc: Annotated[float, Field(ge=0.5, le=1.0)] | None  # None: the fidelity gate is off
    behaviour: BehaviourGate

    @field_validator("score_bands")
    @classmethod
    def _bands_for_every_level(cls, bands: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
        missing = [level for level in LEVELS if level not in bands]
        if missing:
            raise ValueError(f"needs a [low, high] band for every level {list(LEVELS)}, missing {missing}")
        inverted = [level for level, (low, high) in bands.items() if low > high]
        if inverted:
            raise ValueError(f"expected low <= high, inverted for {inverted}")
        return bands


class Fidelity(Section):
    """How the `fidelity` stage compares synthetic responses with the reference corpus."""

    length_features: Annotated[list[str], _columns_of(LINGUISTIC_COLUMNS, "linguistic")]
    max_synthetic_ratio: Annotated[float, Field(ge=1.0)]
    folds: Annotated[int, Field(ge=2)]
    give_aways: Annotated[int, Field(ge=1)]


class Serve(Section):
    """Limits on the sessions that `predict` and `serve` accept."""

    max_text_chars: Annotated[int, Field(ge=1)]
    max_batch_sessions: Annotated[int, Field(ge=1)]

    @property
    def max_request_bytes(self) -> int:
        """The largest request body a valid batch can need: every text at the limit, each
        character escaped as a JSON surrogate pair (12 bytes), plus room for the other fields."""
        return self.max_batch_sessions * (12 * self.max_text_chars + 4096)


class Ood(Section):
    """The out-of-distribution flags: which features `train` records, and how far outside flags a session."""

    # checked besides the models' inputs and the telemetry
    extra_features: Annotated[list[str], _columns_of(FEATURE_COLUMNS, "feature")]
    range_margin: NonNegativeFloat  # outside: beyond the typical training range by this share of its width...
    range_tail: Annotated[float, Field(gt=0.0, lt=0.5)]  # ...and beyond all but this share of the training values
    multivariate_tail: Annotated[float, Field(gt=0.0, lt=1.0)]  # share of training rows the multivariate score flags
    calibration_folds: Annotated[int, Field(ge=2)]


class LengthModel(Section):
    """How many words a child says: the grade's median times the child's own verbosity."""

    words_at_grade_1: PositiveFloat
    growth_per_grade: Annotated[float, Field(ge=0.0, le=1.0)]
    verbosity_sd: NonNegativeFloat
    min_words: Annotated[int, Field(ge=1)]
    max_words: Annotated[int, Field(ge=1)]

    @model_validator(mode="after")
    def _range_is_ordered(self) -> LengthModel:
        if self.max_words < self.min_words:
            raise ValueError(f"max_words ({self.max_words}) must be at least min_words ({self.min_words})")
        return self


class TemplateGenerator(Section):
    name: Literal["template"]
    max_moves: Annotated[int, Field(ge=1, le=8)]
    evidence_share: Annotated[float, Field(gt=0.0, le=1.0)]
    disfluency: Unit
    unseen_wording_share: Annotated[float, Field(ge=0.0, lt=1.0)]
    length: LengthModel


ENV_VAR_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
SECRET_ERROR = "holds_secret"  # an error whose value must not be echoed back


def _url_without_credentials(url: str) -> str:
    from urllib.parse import urlsplit

    from pydantic_core import PydanticCustomError

    parts = urlsplit(url)
    if parts.username or parts.password or parts.query:
        # params.yaml is committed and logged: a key in the URL would leak.
        raise PydanticCustomError(
            SECRET_ERROR,
            "must not hold credentials or a query (value not shown); put the key in the variable named by api_key_env",
        )
    return url


class LlmEndpoint(Section):
    """Where and how an LLM stage calls an OpenAI-compatible Chat Completions API."""

    base_url: Annotated[str, Field(pattern=r"^https?://")]
    model: Annotated[str, Field(min_length=1)]
    api_key_env: Annotated[str, Field(pattern=ENV_VAR_PATTERN)]
    temperature: Annotated[float, Field(ge=0.0, le=2.0)]
    max_concurrency: Annotated[int, Field(ge=1, le=256)]
    timeout: PositiveFloat
    max_retries: Annotated[int, Field(ge=0, le=20)]
    max_reasks: Annotated[int, Field(ge=0, le=10)]

    @field_validator("base_url")
    @classmethod
    def _no_credentials_in_url(cls, url: str) -> str:
        return _url_without_credentials(url)


class OpenAIGenerator(LlmEndpoint):
    name: Literal["openai"]
    responses_per_call: Annotated[int, Field(ge=1, le=20)]
    length: LengthModel


class HeuristicLabeler(Section):
    name: Literal["heuristic"]
    rubric_floor: Unit
    rubric_ceiling: Unit
    rubric_levels: Annotated[int, Field(ge=0)]
    noise_sd: NonNegativeFloat
    off_target_noise_sd: NonNegativeFloat

    @model_validator(mode="after")
    def _rubric_rises(self) -> HeuristicLabeler:
        if not self.rubric_ceiling > self.rubric_floor:
            raise ValueError(f"rubric_ceiling ({self.rubric_ceiling}) must exceed rubric_floor ({self.rubric_floor})")
        return self


class OpenAILabeler(LlmEndpoint):
    name: Literal["openai"]


class Price(Section):
    """USD per million tokens."""

    input: NonNegativeFloat
    output: NonNegativeFloat


class Llm(Section):
    """What every LLM stage shares: the budget, the answer cache and the price table."""

    max_cost_usd: NonNegativeFloat
    cache_dir: str | None
    prices: dict[str, Price]


class LocalCompute(Section):
    """Every stage runs in the process `dvc repro` starts."""

    name: Literal["local"]


class DaskCompute(Section):
    """The heavy stages run on a Dask cluster: ``address`` to join, or a LocalCluster when it is ""."""

    name: Literal["dask"]
    address: str
    n_workers: Annotated[int, Field(ge=1)]
    threads_per_worker: Annotated[int, Field(ge=1)]
    partition_size: Annotated[int, Field(ge=BLOCK_SIZE, multiple_of=BLOCK_SIZE)]
    connect_timeout: PositiveFloat

    @field_validator("address")
    @classmethod
    def _address_without_credentials(cls, address: str) -> str:
        return _url_without_credentials(address) if address else address


Generator = Annotated[TemplateGenerator | OpenAIGenerator, Field(discriminator="name")]
Labeler = Annotated[HeuristicLabeler | OpenAILabeler, Field(discriminator="name")]
Compute = Annotated[LocalCompute | DaskCompute, Field(discriminator="name")]
DISCRIMINATED_SECTIONS = ("generator", "labeler", "compute")


class XGBoostModel(Section):
    name: Literal["xgboost"]
    max_depth: Annotated[int, Field(ge=1, le=20)]
    n_estimators: Annotated[int, Field(ge=1)]
    learning_rate: Annotated[float, Field(gt=0.0, le=1.0)]
    subsample: Annotated[float, Field(gt=0.0, le=1.0)]
    colsample_bytree: Annotated[float, Field(gt=0.0, le=1.0)]
    min_child_weight: NonNegativeFloat
    reg_lambda: NonNegativeFloat
    tree_method: Literal["hist", "approx", "exact"]
    monotone_evidence: bool
    features: Annotated[list[Literal["evidence", "sentiment", "style", "telemetry"]], Field(min_length=1)]
    n_jobs: Annotated[int, Field(ge=0)]
    telemetry_dropout: Unit  # share of training rows whose telemetry is hidden
    text_dropout: Unit  # share of training rows whose text features are hidden

    @model_validator(mode="after")
    def _dropouts_leave_rows_whole(self) -> XGBoostModel:
        if self.telemetry_dropout + self.text_dropout >= 1.0:
            raise ValueError(
                f"telemetry_dropout + text_dropout = {self.telemetry_dropout + self.text_dropout:g}: "
                "expected below 1, so some training rows keep both inputs"
            )
        return self


class Evaluation(Section):
    cv_folds: Annotated[int, Field(ge=2)]
    learning_curve_sizes: list[Annotated[int, Field(ge=2)]]
    real_curve_sizes: list[Annotated[int, Field(ge=2)]]  # real training rows per point of the real-data curve
    reference_rater: HeuristicLabeler  # what an LLM judge is compared with


class Settings(Section):
    """The whole composed configuration, as every stage sees it."""

    seed: Annotated[int, Field(ge=0)]
    paths: Paths
    data: Data
    nlp: Nlp
    behavior: Behavior
    split: Split
    quality: Quality
    fidelity: Fidelity
    generator: Generator
    labeler: Labeler
    model: XGBoostModel
    llm: Llm
    evaluation: Evaluation
    serve: Serve
    ood: Ood
    compute: Compute


def describe_validation_error(error: ValidationError, source: str) -> str:
    """One line naming the key, the value and what was expected, for the first problem."""
    first = error.errors()[0]
    loc = first["loc"]
    if len(loc) > 2 and loc[0] in DISCRIMINATED_SECTIONS:
        loc = (loc[0], *loc[2:])  # pydantic puts the option's tag after the section name
    key = ".".join(str(part) for part in loc)
    message = first["msg"]
    if first["type"] == "union_tag_invalid":
        return f"{source}: {key}.name = {first['ctx']['tag']!r}: expected one of {first['ctx']['expected_tags']}"
    if first["type"] == "union_tag_not_found":
        return f"{source}: {key}.name is missing: it chooses the option of the group"
    if first["type"] == SECRET_ERROR:
        return f"{source}: {key}: {message}"
    if first["type"] == "missing":
        return f"{source}: {key} is missing: every setting of the section is required"
    if first["type"] == "extra_forbidden":
        return f"{source}: {key} is not a known setting"
    value = first.get("input")
    return f"{source}: {key} = {value!r}: {message}"


def settings_from_dict(raw: dict[str, Any], source: str) -> Settings:
    """Validate a plain config dict into Settings, or stop with one clear line."""
    try:
        return Settings.model_validate(raw)
    except ValidationError as error:
        raise SkillsynthError(describe_validation_error(error, source)) from None


def compose_conf(conf_dir: Path, overrides: list[str]) -> DictConfig:
    """Compose ``conf_dir`` with Hydra overrides and resolve it, as ``dvc exp run`` does."""
    from hydra import compose, initialize_config_dir
    from hydra.errors import HydraException
    from omegaconf import OmegaConf
    from omegaconf.errors import OmegaConfBaseException

    if not (conf_dir / "config.yaml").is_file():
        raise SkillsynthError(f"{conf_dir}/config.yaml: not found; run from the project root")
    try:
        with initialize_config_dir(config_dir=str(conf_dir.resolve()), version_base=None):
            cfg = compose(config_name="config", overrides=overrides)
        OmegaConf.resolve(cfg)
    except (HydraException, OmegaConfBaseException) as error:
        reason = " ".join(str(error).split())
        raise SkillsynthError(f"{conf_dir}: overrides {overrides} rejected: {reason}") from None
    return cfg


def params_yaml(cfg: DictConfig) -> str:
    """The text of params.yaml for a composed config, exactly as DVC writes it."""
    from omegaconf import OmegaConf

    return OmegaConf.to_yaml(cfg)


def read_params(params_path: Path) -> dict[str, Any]:
    """Read params.yaml as a plain dict."""
    import yaml

    try:
        raw = yaml.safe_load(params_path.read_text())
    except FileNotFoundError:
        raise SkillsynthError(f"{params_path}: not found; run `make params`") from None
    except yaml.YAMLError as error:
        raise SkillsynthError(f"{params_path}: not valid YAML: {' '.join(str(error).split())}") from None
    if not isinstance(raw, dict):
        raise SkillsynthError(f"{params_path}: expected a mapping of settings, got {type(raw).__name__}")
    return raw


def load_settings(
    overrides: list[str] | None = None,
    params_path: Path = Path("params.yaml"),
    conf_dir: Path = Path("conf"),
) -> Settings:
    """Settings for a stage: params.yaml as DVC left it, or conf/ composed with ``overrides``."""
    if overrides:
        from omegaconf import OmegaConf

        # a DictConfig's container is a dict with str keys (omegaconf types it for any node)
        composed = cast(dict[str, Any], OmegaConf.to_container(compose_conf(conf_dir, overrides)))
        return settings_from_dict(composed, f"{conf_dir} + {overrides}")
    return settings_from_dict(read_params(params_path), str(params_path))
