"""Home Assistant's time functions for templates on a frozen clock (see ha_jinja_reference.py).

Follows homeassistant/helpers/template/extensions/datetime.py and homeassistant/util/dt.py: the
default time zone is the configured one, now() is that zone's time, naive datetimes are local time.
ciso8601 (what parse_datetime tries first) is stood in for by datetime.fromisoformat, which reads the
same ISO 8601 forms the corpus uses; HA's own regex fallback follows it.
"""
import datetime as dt
import re

_SENTINEL = object()
DATE_STR_FORMAT = "%Y-%m-%d %H:%M:%S"
DATETIME_RE = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"[T ](?P<hour>\d{1,2}):(?P<minute>\d{1,2})"
    r"(?::(?P<second>\d{1,2})(?:\.(?P<microsecond>\d{1,6})\d{0,6})?)?"
    r"(?P<tzinfo>Z|[+-]\d{2}(?::?\d{2})?)?$"
)
UNITS = (("year", 365 * 86400), ("month", 30 * 86400), ("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1))


def parse_datetime(text, raise_on_error=False):
    try:
        return dt.datetime.fromisoformat(text)
    except (ValueError, TypeError):
        pass
    match = DATETIME_RE.match(text)
    if not match:
        if raise_on_error:
            raise ValueError
        return None
    parts = match.groupdict()
    if parts["microsecond"]:
        parts["microsecond"] = parts["microsecond"].ljust(6, "0")
    zone = parts.pop("tzinfo")
    tzinfo = None
    if zone == "Z":
        tzinfo = dt.UTC
    elif zone is not None:
        minutes = int(zone[-2:]) if len(zone) > 3 else 0
        offset = dt.timedelta(hours=int(zone[1:3]), minutes=minutes)
        tzinfo = dt.timezone(-offset if zone[0] == "-" else offset)
    fields = {k: int(v) for k, v in parts.items() if v is not None}
    return dt.datetime(**fields, tzinfo=tzinfo)


def parse_time(text):
    parts = str(text).split(":")
    if len(parts) < 2:
        return None
    try:
        return dt.time(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) > 2 else 0)
    except ValueError:
        return None


def time_string(seconds, precision=1):
    if seconds == 0:
        return "0 seconds"
    out = ""
    level = 0
    for unit, factor in UNITS:
        if seconds < factor:
            continue
        level += 1
        count = round(seconds / factor) if level == precision else int(seconds // factor)
        out += f"1 {unit} " if count == 1 else f"{count:d} {unit}s "
        if level == precision:
            return out.rstrip()
        seconds -= count * factor
    return out.rstrip()


class TimeFunctions:
    """now(), utcnow(), as_datetime()... with `instant` as the current time and `zone` as HA's time zone."""

    def __init__(self, instant, zone):
        self.instant = instant.astimezone(dt.UTC)
        self.zone = zone

    def now(self):
        return self.instant.astimezone(self.zone)

    def utcnow(self):
        return self.instant

    def as_local(self, value):
        if value.tzinfo == self.zone:
            return value
        if value.tzinfo is None:
            value = value.replace(tzinfo=self.zone)
        return value.astimezone(self.zone)

    @staticmethod
    def utc_from_timestamp(value):
        return dt.datetime.fromtimestamp(value, tz=dt.UTC)

    def _or_default(self, name, value, default, compute):
        try:
            return compute()
        except (ValueError, TypeError):
            if default is _SENTINEL:
                self.no_default(name, value)
            return default

    def timestamp_custom(self, value, date_format=DATE_STR_FORMAT, local=True, default=_SENTINEL):
        def compute():
            result = self.utc_from_timestamp(value)
            return (self.as_local(result) if local else result).strftime(date_format)
        return self._or_default("timestamp_custom", value, default, compute)

    def timestamp_local(self, value, default=_SENTINEL):
        return self._or_default("timestamp_local", value, default,
                                lambda: self.as_local(self.utc_from_timestamp(value)).isoformat())

    def timestamp_utc(self, value, default=_SENTINEL):
        return self._or_default("timestamp_utc", value, default, lambda: self.utc_from_timestamp(value).isoformat())

    def as_timestamp(self, value, default=_SENTINEL):
        def compute():
            parsed = value if isinstance(value, dt.datetime) else parse_datetime(str(value))
            if parsed is None:
                raise ValueError("not a valid date/time.")
            return parsed.timestamp()
        return self._or_default("as_timestamp", value, default, compute)

    def as_datetime(self, value, default=_SENTINEL):
        if type(value) is dt.datetime:
            return value
        if type(value) is dt.date:
            return dt.datetime.combine(value, dt.time(0, 0, 0))
        try:
            return self.utc_from_timestamp(float(value))
        except (ValueError, TypeError):
            try:
                return parse_datetime(value, raise_on_error=True)
            except (ValueError, TypeError):
                if default is _SENTINEL:
                    if isinstance(value, str):
                        return None
                    self.no_default("as_datetime", value)
                return default

    def strptime(self, string, fmt, default=_SENTINEL):
        try:
            return dt.datetime.strptime(string, fmt)
        except (ValueError, AttributeError, TypeError):
            if default is _SENTINEL:
                self.no_default("strptime", string)
            return default

    def today_at(self, time_str=""):
        today = dt.datetime.combine(self.now().date(), dt.time(), tzinfo=self.zone)
        if not time_str:
            return today
        parsed = parse_time(time_str)
        if parsed is None:
            raise ValueError(f"could not convert {type(time_str).__name__} to datetime: '{time_str}'")
        return dt.datetime.combine(today, parsed, today.tzinfo)

    def _age(self, value, precision, future):
        if not isinstance(value, dt.datetime):
            return value
        if not value.tzinfo:
            value = self.as_local(value)
        if (self.now() > value) if future else (self.now() < value):
            return value
        seconds = round(((value - self.now()) if future else (self.now() - value)).total_seconds())
        return time_string(seconds, precision)

    def relative_time(self, value):
        return self._age(value, 1, False)

    def time_since(self, value, precision=1):
        return self._age(value, precision, False)

    def time_until(self, value, precision=1):
        return self._age(value, precision, True)

    def register(self, env, no_default):
        self.no_default = no_default
        both = {
            "as_datetime": self.as_datetime, "as_local": self.as_local, "as_timestamp": self.as_timestamp,
            "relative_time": self.relative_time, "time_since": self.time_since, "time_until": self.time_until,
            "today_at": self.today_at,
        }
        env.globals.update(both)
        env.filters.update(both)
        env.globals.update(
            {"now": self.now, "utcnow": self.utcnow, "strptime": self.strptime, "timedelta": dt.timedelta}
        )
        env.filters.update({
            "timestamp_custom": self.timestamp_custom, "timestamp_local": self.timestamp_local,
            "timestamp_utc": self.timestamp_utc,
        })
