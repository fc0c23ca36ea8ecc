#!/usr/bin/python3
"""Runs Debian's wapiti (3.0.4) with two of its bugs mended, with the same arguments.

- Its wildcard_translate() ends each exclusion pattern with the inline flags "(?ms)", which Python 3.11 refuses in the
  middle of a pattern: every "-x URL" made wapiti stop with a traceback. The flags go first.
- Its cookie check looks for the attribute "HttpOnly" with that exact case; attribute names are case-insensitive
  (RFC 6265, 5.2) and ASP.NET Core writes "httponly", so every HttpOnly cookie was reported as lacking the flag.
"""
import re
import sys

import wapitiCore.net.crawler as crawler
from wapitiCore.attack.mod_cookieflags import mod_cookieflags
from wapitiCore.main.wapiti import wapiti_main


def wildcard_translate(pattern):
    return re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z")


crawler.wildcard_translate = wildcard_translate
mod_cookieflags.check_httponly_flag = staticmethod(lambda cookie: any(k.lower() == "httponly" for k in cookie._rest))
sys.argv[0] = "wapiti"
sys.exit(wapiti_main())
