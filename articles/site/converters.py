"""Path converters for dated URLs: /2022/09/16/, always written with two-digit months and days."""


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigitConverter:
    # One digit is accepted too, so that /2022/9/16/... can be redirected to its canonical form.
    regex = "[0-9]{1,2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"
