"""Drives Debian's python3-zeep, unmodified, with the AXL WSDL that the npm package cisco-axl ships.

Usage: python3 axl_zeep.py WSDL USER PASSWORD, then one JSON request a line on stdin:
  {"url": "https://127.0.0.1:8443/axl/", "op": "getCCMVersion", "args": {}}
and one JSON line out for each: {"ok": result} or {"fault": {"message", "code", "detail"}} or {"error": text}.
The WSDL is read once. The node's certificate is self-signed: verify=False (REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE
are unset by the caller, as requests lets them override verify=False).
"""
import json
import sys

import urllib3
from lxml import etree
from requests import Session
from requests.auth import HTTPBasicAuth
from zeep import Client, Settings
from zeep.exceptions import Fault
from zeep.helpers import serialize_object
from zeep.transports import Transport

urllib3.disable_warnings()
wsdl, user, password = sys.argv[1:4]
session = Session()
session.verify = False
session.auth = HTTPBasicAuth(user, password)
client = Client(wsdl, settings=Settings(strict=False, xml_huge_tree=True), transport=Transport(session=session))
services = {}


def plain(o):
    # executeSQLQuery rows are xsd:any: zeep hands them over as lxml elements.
    if isinstance(o, etree._Element):
        return {etree.QName(o).localname: o.text}
    return str(o)


for line in sys.stdin:
    o = json.loads(line)
    url = o['url']
    if url not in services:
        services[url] = client.create_service('{http://www.cisco.com/AXLAPIService/}AXLAPIBinding', url)
    try:
        result = getattr(services[url], o['op'])(**o.get('args', {}))
        out = {'ok': serialize_object(result)}
    except Fault as f:
        detail = etree.tostring(f.detail).decode() if f.detail is not None else None
        out = {'fault': {'message': f.message, 'code': f.code, 'detail': detail}}
    except Exception as e:  # noqa: BLE001 - reported to the test as text
        out = {'error': '%s: %s' % (type(e).__name__, e)}
    sys.stdout.write(json.dumps(out, default=plain) + '\n')
    sys.stdout.flush()
