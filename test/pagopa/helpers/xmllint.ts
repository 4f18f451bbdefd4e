import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PA_FOR_NODE_OPERATIONS } from '../../../src/pagopa/soap/operations';
import { fixturePath, hasSharedFixtures } from './shared-fixtures';

/** Debian's libxml2 xmllint: the schema validator pagoPA's own checks are closest to (libxml2). */
export const XMLLINT = '/usr/bin/xmllint';
export const PA_FOR_NODE_XSD = fixturePath('schemas', 'pagopa-api', 'wsdl', 'xsd', 'paForNode.xsd');
export const RT62_XSD = fixturePath('schemas', 'pagopa-api', 'gad', 'xsd', 'PagInf_RPT_RT_6_2_0.xsd');

export const canValidate = hasSharedFixtures && fs.existsSync(XMLLINT) && fs.existsSync(PA_FOR_NODE_XSD);

/** describe when xmllint and the schemas are there, otherwise describe.skip with a visible line saying why. */
export function describeWithXmllint(suite: string): jest.Describe {
  if (!hasSharedFixtures) console.log(`SKIP: ${suite}: shared/fixtures not found`);
  else if (!fs.existsSync(XMLLINT)) console.log(`SKIP: ${suite}: ${XMLLINT} not found`);
  return canValidate ? describe : describe.skip;
}

let workDir: string | undefined;
const tmp = (): string => (workDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-xmllint-')));
let counter = 0;

export interface LintResult {
  valid: boolean;
  output: string;
}

export function xmllint(xml: string, xsd: string): LintResult {
  const file = path.join(tmp(), `doc-${process.pid}-${++counter}.xml`);
  fs.writeFileSync(file, xml);
  try {
    const output = execFileSync(XMLLINT, ['--noout', '--nonet', '--schema', xsd, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { valid: true, output };
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string };
    return { valid: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

let envelopeXsd: string | undefined;

/**
 * A strict SOAP 1.1 envelope schema: the Body must hold exactly one paForNode element (validated against
 * paForNode.xsd, not laxly skipped as the generic envelope.xsd would) or a SOAP Fault. A response in the wrong
 * namespace therefore fails instead of passing unchecked.
 */
export function strictEnvelopeXsd(): string {
  if (envelopeXsd) return envelopeXsd;
  const elements = Object.values(PA_FOR_NODE_OPERATIONS).flatMap((o) => [o.request, o.response]);
  const xsd = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:pafn="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd"
  targetNamespace="http://schemas.xmlsoap.org/soap/envelope/" elementFormDefault="qualified">
  <xs:import namespace="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd" schemaLocation="${pathToFileURL(PA_FOR_NODE_XSD).href}"/>
  <xs:element name="Envelope">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Header" minOccurs="0">
          <xs:complexType><xs:sequence><xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
        </xs:element>
        <xs:element name="Body">
          <xs:complexType>
            <xs:choice>
${elements.map((e) => `              <xs:element ref="pafn:${e}"/>`).join('\n')}
              <xs:element name="Fault">
                <xs:complexType>
                  <xs:sequence>
                    <xs:element name="faultcode" type="xs:QName" form="unqualified"/>
                    <xs:element name="faultstring" type="xs:string" form="unqualified"/>
                    <xs:element name="faultactor" type="xs:anyURI" minOccurs="0" form="unqualified"/>
                    <xs:element name="detail" minOccurs="0" form="unqualified">
                      <xs:complexType><xs:sequence><xs:any processContents="lax" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
                    </xs:element>
                  </xs:sequence>
                </xs:complexType>
              </xs:element>
            </xs:choice>
          </xs:complexType>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>
`;
  envelopeXsd = path.join(tmp(), 'strict-soap-envelope.xsd');
  fs.writeFileSync(envelopeXsd, xsd);
  return envelopeXsd;
}

/** Validates a whole SOAP message (envelope + paForNode body) strictly. */
export const lintEnvelope = (xml: string): LintResult => xmllint(xml, strictEnvelopeXsd());

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});
