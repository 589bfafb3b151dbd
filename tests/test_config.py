"""The configuration file: every key and type checked, the risk model's included, with the
key's path in a one-line message; the README's snippets work as pasted."""

import pytest

from scanner.config import ConfigError, load_config
from scanner.risk import risk_model

README_RISK = """\
[tool.piplscan.risk.likelihood]
stale_after_days = 730
container_points = { git_repository = 3, shared_folder = 2 }
"""


@pytest.mark.parametrize("filename", ["piplscan.toml", "pyproject.toml"])
def test_the_readme_snippet_works_in_either_file(tmp_path, filename):
    path = tmp_path / filename
    path.write_text('[tool.piplscan]\nmin-score = 0.5\n\n' + README_RISK, encoding="utf-8")
    config = load_config(path)
    assert config.min_score == 0.5
    model = risk_model(config.risk)
    assert (model["likelihood"]["stale_after_days"], model["likelihood"]["container_points"]["shared_folder"],
            model["likelihood"]["container_points"]["database"]) == (730, 2, 1)


@pytest.mark.parametrize(("content", "message"), [
    ('[risk.likelihood]\nstale_after_days = "x"\n', "risk.likelihood.stale_after_days must be a whole number, not 'x'"),
    ("[risk.likelihood]\nstale_after_dayz = 10\n", "unknown setting 'risk.likelihood.stale_after_dayz'"),
    ("[risk]\nimpact = 3\n", "risk.impact must be a table, not 3"),
    ("[risk.impact]\nthresholds = [2, 4]\n", "risk.impact.thresholds must be a list of 3 whole numbers, not [2, 4]"),
    ('[risk.impact]\nthresholds = [2, 4, "6"]\n', "risk.impact.thresholds[2] must be a whole number, not '6'"),
    ("[risk]\nmatrix = [[0, 0, 1, 1], [0, 1, 1], [1, 2, 2, 3], [1, 2, 3, 3]]\n",
     "risk.matrix[1] must be a list of 4 whole numbers, not [0, 1, 1]"),
    ("[risk.entities.CN_MOBILE_PHONE]\nsensitivity = true\n",
     "risk.entities.CN_MOBILE_PHONE.sensitivity must be a whole number, not True"),
    ("[risk.entities.EMPLOYEE_ID]\nsensitivity = 2\nidentifyin = true\n", "unknown setting 'risk.entities.EMPLOYEE_ID.identifyin'"),
    ('[risk.factor_text.plaintext]\nzh = 3\n', "risk.factor_text.plaintext.zh must be text, not 3"),
    ("[[risk.combinations]]\nid = \"kit\"\nall = [\"identifier\"]\npoints = \"2\"\n",
     "risk.combinations[0].points must be a whole number, not '2'"),
    ("[tool]\nother = 1\n", "unknown setting 'tool' (piplscan.toml takes its settings at the top, or under [tool.piplscan])"),
])
def test_every_risk_key_and_type_is_checked_with_its_path(tmp_path, content, message):
    path = tmp_path / "piplscan.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == f"{path}: {message}"


def test_a_new_entity_type_may_be_rated(tmp_path):
    path = tmp_path / "piplscan.toml"
    path.write_text("[risk.entities.EMPLOYEE_ID]\nsensitivity = 2\ncategory = \"identifier\"\n", encoding="utf-8")
    assert risk_model(load_config(path).risk)["entities"]["EMPLOYEE_ID"] == {"sensitivity": 2, "category": "identifier"}


def test_settings_at_the_top_and_under_tool_piplscan_are_not_mixed(tmp_path):
    path = tmp_path / "piplscan.toml"
    path.write_text('min-score = 0.5\n\n[tool.piplscan]\nworkers = 2\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"piplscan.toml: settings both at the top and under \[tool.piplscan\]: keep one"):
        load_config(path)
