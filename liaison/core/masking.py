"""Personal data shown masked unless the viewer's role needs it in full."""


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"


def mask_id_number(number: str | None) -> str:
    if not number:
        return ""
    # 4301**********123X: the region's first four digits and the last four.
    return number[:4] + "*" * (len(number) - 8) + number[-4:] if len(number) > 8 else "****"


def mask_address(address: str | None) -> str:
    """Keep the first six characters (district and street), hide the rest."""
    if not address:
        return ""
    return address[:6] + "****" if len(address) > 6 else "****"
