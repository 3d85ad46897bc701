"""Home Assistant's template environment, re-created for differential tests.

The interpreter in src/protocol/template must render as Home Assistant renders. Home Assistant is not
installed here (nor in CI), so this module rebuilds what a template sees there on top of Jinja2 alone:
the sandboxed environment with loop controls and `do`, the filters, tests and globals the corpus
uses (written after homeassistant/helpers/template/ and homeassistant/util/dt.py), orjson's JSON
(emulated: json_loads of payloads and from_json, to_json), and the frozen clock both sides share.

stdin: {"now": ISO instant, "tz": zone name, "cases": [{"template", "vars", "payload"?}]}
       or {"now", "tz", "corpus": path} to render every entry x variable set of a corpus file.
stdout: [{"ok": true, "output": str} | {"ok": false, "error": str, "jinja": bool}] in case order;
       "jinja" tells a Jinja error (undefined, syntax, sandbox: MQTT value templates then keep the
       payload) from a Python one (TypeError, ValueError...: the value is dropped).
"""
import base64
import collections.abc
import datetime as dt
import json
import math
import os
import re
import statistics
import sys
import time
import zoneinfo
from numbers import Number

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ha_jinja_time import TimeFunctions  # noqa: E402  (sibling module, see below)

_SENTINEL = object()
MAX_TEMPLATE_OUTPUT = 256 * 1024


def raise_no_default(function, value):
    raise ValueError(
        f"Template error: {function} got invalid input '{value}' when rendering template but no default was specified"
    )


# ---- orjson, as Home Assistant's json_loads / to_json use it ----------------------------------------

class OrjsonDecodeError(ValueError):
    pass


def _bounded_int(text):
    n = int(text)
    # orjson keeps 64-bit integers (signed minimum to unsigned maximum) and reads larger ones as floats
    return n if -(2**63) <= n <= 2**64 - 1 else float(n)


def _no_constant(name):
    raise OrjsonDecodeError(f"unexpected character: {name}")


def _finite_float(text):
    f = float(text)
    if math.isinf(f):
        raise OrjsonDecodeError("number is infinity when parsed as double")
    return f


_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _check_strings(value):
    if isinstance(value, str):
        if _LONE_SURROGATE.search(value):
            raise OrjsonDecodeError("lone surrogate in string")
    elif isinstance(value, list):
        for item in value:
            _check_strings(item)
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_strings(k)
            _check_strings(v)


def json_loads(value):
    if not isinstance(value, (str, bytes, bytearray)):
        raise OrjsonDecodeError("Input must be bytes, bytearray, memoryview, or str")
    try:
        result = json.loads(value, parse_int=_bounded_int, parse_constant=_no_constant, parse_float=_finite_float)
    except json.JSONDecodeError as err:
        raise OrjsonDecodeError(str(err)) from err
    _check_strings(result)
    return result


def _orjson_float(f):
    if math.isnan(f) or math.isinf(f):
        return "null"
    text = repr(f)
    mantissa, _, exponent = text.partition("e")
    if not exponent:
        return text
    e = int(exponent)
    if e >= 0:
        return text
    if e >= -5:
        # written out in full: 1.5e-05 -> 0.000015
        digits = mantissa.lstrip("-").replace(".", "")
        return ("-" if f < 0 else "") + "0." + "0" * (-e - 1) + digits.rstrip("0")
    return f"{mantissa}e{e}"


def _orjson_key(k):
    if isinstance(k, str):
        return k
    if k is None:
        return "null"
    if isinstance(k, bool):
        return "true" if k else "false"
    if isinstance(k, int):
        return str(k)
    if isinstance(k, float):
        return _orjson_float(k)
    raise TypeError("Dict key must a type serializable with OPT_NON_STR_KEYS")


def orjson_dumps(value, indent, sort_keys, level=0):
    pad = "\n" + "  " * (level + 1) if indent else ""
    end = "\n" + "  " * level if indent else ""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        if not -(2**63) <= value <= 2**64 - 1:
            raise TypeError("Integer exceeds 64-bit range")
        return str(value)
    if isinstance(value, float):
        return _orjson_float(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[" + ",".join(pad + orjson_dumps(v, indent, sort_keys, level + 1) for v in value) + end + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [(_orjson_key(k), v) for k, v in value.items()]
        if sort_keys:
            items.sort(key=lambda kv: kv[0])
        sep = ": " if indent else ":"
        parts = (
            pad + json.dumps(k, ensure_ascii=False) + sep + orjson_dumps(v, indent, sort_keys, level + 1)
            for k, v in items
        )
        return "{" + ",".join(parts) + end + "}"
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def to_json(value, ensure_ascii=False, pretty_print=False, sort_keys=False):
    if ensure_ascii:
        return json.dumps(value, ensure_ascii=ensure_ascii, indent=2 if pretty_print else None, sort_keys=sort_keys)
    return orjson_dumps(value, pretty_print, sort_keys)


def from_json(value, default=_SENTINEL):
    try:
        return json_loads(value)
    except OrjsonDecodeError:
        if default is _SENTINEL:
            raise_no_default("from_json", value)
        return default


# ---- conversions and maths (homeassistant/helpers/template/extensions/type_cast.py, math.py) ----------

def forgiving_boolean(value, default=_SENTINEL):
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.lower().strip()
        if word in ("1", "true", "yes", "on", "enable"):
            return True
        if word in ("0", "false", "no", "off", "disable"):
            return False
    elif isinstance(value, Number):
        return value != 0
    if default is _SENTINEL:
        raise_no_default("bool", value)
    return default


def forgiving_float(value, default=_SENTINEL):
    try:
        return float(value)
    except (ValueError, TypeError):
        if default is _SENTINEL:
            raise_no_default("float", value)
        return default


def forgiving_int(value, default=_SENTINEL, base=10):
    result = jinja2.filters.do_int(value, default=default, base=base)
    if result is _SENTINEL:
        raise_no_default("int", value)
    return result


def is_number(value):
    try:
        return math.isfinite(float(value))
    except (ValueError, TypeError):
        return False


def forgiving_round(value, precision=0, method="common", default=_SENTINEL):
    try:
        multiplier = float(10**precision)
        if method == "ceil":
            value = math.ceil(float(value) * multiplier) / multiplier
        elif method == "floor":
            value = math.floor(float(value) * multiplier) / multiplier
        elif method == "half":
            value = round(float(value) * 2) / 2
        else:
            value = round(float(value), precision)
        return int(value) if precision == 0 else value
    except (ValueError, TypeError):
        if default is _SENTINEL:
            raise_no_default("round", value)
        return default


def _float_op(name, op):
    def apply(value, amount, default=_SENTINEL):
        try:
            return op(float(value), amount)
        except (ValueError, TypeError):
            if default is _SENTINEL:
                raise_no_default(name, value)
            return default
    return apply


def logarithm(value, base=math.e, default=_SENTINEL):
    try:
        base_float = float(base)
    except (ValueError, TypeError):
        if default is _SENTINEL:
            raise_no_default("log", base)
        return default
    try:
        return math.log(float(value), base_float)
    except (ValueError, TypeError):
        if default is _SENTINEL:
            raise_no_default("log", value)
        return default


def _unary_math(name, fn):
    def apply(value, default=_SENTINEL):
        try:
            return fn(float(value))
        except (ValueError, TypeError):
            if default is _SENTINEL:
                raise_no_default(name, value)
            return default
    return apply


def _statistic(name, fn):
    def apply(*args, default=_SENTINEL):
        if not args:
            raise TypeError(f"{name} expected at least 1 argument, got 0")
        if isinstance(args[0], collections.abc.Iterable):
            values = args[0]
            if len(args) > 1 and default is _SENTINEL:
                default = args[1]
        elif len(args) == 1:
            raise TypeError(f"'{type(args[0]).__name__}' object is not iterable")
        else:
            values = args
        try:
            return fn(values)
        except (TypeError, statistics.StatisticsError):
            if default is _SENTINEL:
                raise_no_default(name, args)
            return default
    return apply


def _min_max(env, name):
    builtin = env.filters[name]

    def apply(*args, **kwargs):
        if not args:
            raise TypeError(f"{name} expected at least 1 argument, got 0")
        if len(args) == 1:
            if isinstance(args[0], collections.abc.Iterable):
                return builtin(env, args[0], **kwargs)
            raise TypeError(f"'{type(args[0]).__name__}' object is not iterable")
        return builtin(env, args, **kwargs)
    return apply


def iif(value, if_true=True, if_false=False, if_none=_SENTINEL):
    if value is None and if_none is not _SENTINEL:
        return if_none
    return if_true if bool(value) else if_false


def fail_when_undefined(value):
    if isinstance(value, jinja2.Undefined):
        value()
    return value


def ordinal(value):
    suffixes = ["th", "st", "nd", "rd"] + ["th"] * 6
    last_two = int(str(value)[-2:]) % 100
    return str(value) + ("th" if last_two in range(11, 14) else suffixes[int(str(value)[-1]) % 10])


# ---- regular expressions (extensions/regex.py) -----------------------------------------------------

def _pattern(find, ignorecase):
    return re.compile(find, re.IGNORECASE if ignorecase else 0)


def regex_match(value, find="", ignorecase=False):
    return bool(_pattern(find, ignorecase).match(value if isinstance(value, str) else str(value)))


def regex_search(value, find="", ignorecase=False):
    return bool(_pattern(find, ignorecase).search(value if isinstance(value, str) else str(value)))


def regex_replace(value="", find="", replace="", ignorecase=False):
    return str(_pattern(find, ignorecase).sub(replace, value if isinstance(value, str) else str(value)))


def regex_findall(value, find="", ignorecase=False):
    return _pattern(find, ignorecase).findall(value if isinstance(value, str) else str(value))


def regex_findall_index(value, find="", index=0, ignorecase=False):
    return regex_findall(value, find, ignorecase)[index]


def make_environment(clock):
    env = ImmutableSandboxedEnvironment(undefined=jinja2.Undefined)
    env.add_extension("jinja2.ext.loopcontrols")
    env.add_extension("jinja2.ext.do")
    both = {
        "bool": forgiving_boolean, "float": forgiving_float, "int": forgiving_int, "is_number": is_number,
        "log": logarithm, "sqrt": _unary_math("sqrt", math.sqrt), "sin": _unary_math("sin", math.sin),
        "cos": _unary_math("cos", math.cos), "tan": _unary_math("tan", math.tan),
        "average": _statistic("average", statistics.fmean), "median": _statistic("median", statistics.median),
        "bitwise_and": lambda a, b: a & b, "bitwise_or": lambda a, b: a | b, "bitwise_xor": lambda a, b: a ^ b,
        "iif": iif,
    }
    env.filters.update(both)
    env.globals.update(both)
    env.filters.update({
        "add": _float_op("add", lambda f, amount: f + amount),
        "multiply": _float_op("multiply", lambda f, amount: f * amount),
        "round": forgiving_round, "is_defined": fail_when_undefined, "ord": ord, "ordinal": ordinal,
        "contains": lambda seq, item: item in seq, "from_json": from_json, "to_json": to_json,
        "regex_match": regex_match, "regex_search": regex_search, "regex_replace": regex_replace,
        "regex_findall": regex_findall, "regex_findall_index": regex_findall_index,
        "base64_encode": lambda v: base64.b64encode(v.encode("utf-8")).decode("utf-8"),
        "base64_decode": lambda v, encoding="utf-8": base64.b64decode(v).decode(encoding),
    })
    env.globals.update({
        "min": _min_max(env, "min"), "max": _min_max(env, "max"), "e": math.e, "pi": math.pi, "tau": math.pi * 2,
        "zip": zip,
    })
    env.tests.update({
        "is_number": is_number, "match": regex_match, "search": regex_search,
        "contains": lambda seq, item: item in seq, "datetime": lambda v: isinstance(v, dt.datetime),
    })
    clock.register(env, raise_no_default)
    return env


def render(env, case):
    template = case["template"].strip()  # Template.__init__ strips the source
    variables = dict(case.get("vars") or {})
    if case.get("payload"):
        # MqttValueTemplate -> Template.async_render_with_possible_json_value
        try:
            variables["value_json"] = json_loads(variables.get("value"))
        except OrjsonDecodeError:
            pass
    try:
        output = env.from_string(template).render(**variables)
    except Exception as err:  # noqa: BLE001 - every failure is a result here
        return {"ok": False, "error": f"{type(err).__name__}: {err}", "jinja": isinstance(err, jinja2.TemplateError)}
    if len(output) > MAX_TEMPLATE_OUTPUT:
        return {"ok": False, "error": "output too large", "jinja": False}
    return {"ok": True, "output": output.strip()}


def corpus_cases(path):
    with open(path, encoding="utf-8") as f:
        corpus = json.load(f)
    for entry in corpus["entries"]:
        for variables in entry["vars"]:
            yield {"template": entry["template"], "vars": variables, "payload": entry.get("kind") == "value"}


def main():
    request = json.load(sys.stdin)
    os.environ["TZ"] = request["tz"]
    time.tzset()
    clock = TimeFunctions(dt.datetime.fromisoformat(request["now"]), zoneinfo.ZoneInfo(request["tz"]))
    env = make_environment(clock)
    cases = corpus_cases(request["corpus"]) if "corpus" in request else request["cases"]
    json.dump([render(env, case) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()
