/**
 * The base grok pattern library: the names of the standard logstash `grok-patterns` set,
 * defined here in the grok language (Oniguruma regular expressions plus `%{NAME}` and
 * `%{NAME:field}` references). Definitions prefer forms whose alternatives cannot overlap,
 * so a failing match costs linear time (no nested `(x+)+` loops).
 */

const HEX = '[0-9A-Fa-f]';
const HEXTET = `${HEX}{1,4}`;
const OCTET = '(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]{1,2})';
const DOTTED_QUAD = `${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}`;

/**
 * IPv6 in all its compressed forms. Alternative k has k leading hextets before the `::`
 * (or all eight when nothing is compressed). Within each alternative the embedded-IPv4
 * tail is tried first so that a search takes the longest address.
 */
function ipv6(): string {
  const alternatives: string[] = [`(?:${HEXTET}:){7}(?:${HEXTET}|:)`];
  alternatives.push(`(?:${HEXTET}:){6}(?:${DOTTED_QUAD}|:${HEXTET}|:)`);
  for (let k = 5; k >= 1; k--) {
    alternatives.push(`(?:${HEXTET}:){${k}}(?:(?::${HEXTET}){0,${5 - k}}:${DOTTED_QUAD}|(?::${HEXTET}){1,${7 - k}}|:)`);
  }
  alternatives.push(`:(?:(?::${HEXTET}){0,5}:${DOTTED_QUAD}|(?::${HEXTET}){1,7}|:)`);
  // An optional zone index (`fe80::1%eth0`).
  return `(?:${alternatives.join('|')})(?:%[0-9A-Za-z._~-]+)?`;
}

const LABEL = '[0-9A-Za-z](?:[0-9A-Za-z-]{0,61}[0-9A-Za-z])?';
const EMAIL_ATOM = "[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+";

export const GROK_PATTERNS: Readonly<Record<string, string>> = Object.freeze({
  // Identities
  USERNAME: '[a-zA-Z0-9._-]+',
  USER: '%{USERNAME}',
  EMAILLOCALPART: `${EMAIL_ATOM}(?:\\.${EMAIL_ATOM})*`,
  EMAILADDRESS: '%{EMAILLOCALPART}@%{HOSTNAME}',

  // Numbers. BASE10NUM refuses to start inside another number and, being atomic, never
  // gives back digits it took (so `%{NUMBER}\.` does not match `1.5`).
  INT: '(?:[+-]?[0-9]+)',
  BASE10NUM: '(?<![0-9.+-])(?>[+-]?(?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+))',
  NUMBER: '(?:%{BASE10NUM})',
  BASE16NUM: `(?<!${HEX})(?:[+-]?(?:0x)?${HEX}+)`,
  BASE16FLOAT: `\\b(?<![0-9A-Fa-f.])(?:[+-]?(?:0x)?(?:${HEX}+(?:\\.${HEX}*)?|\\.${HEX}+))\\b`,
  POSINT: '\\b(?:[1-9][0-9]*)\\b',
  NONNEGINT: '\\b(?:[0-9]+)\\b',

  // Text
  WORD: '\\b\\w+\\b',
  NOTSPACE: '\\S+',
  SPACE: '\\s*',
  DATA: '.*?',
  GREEDYDATA: '.*',
  QUOTEDSTRING: '(?<!\\\\)(?:"[^"\\\\]*(?:\\\\.[^"\\\\]*)*"|\'[^\'\\\\]*(?:\\\\.[^\'\\\\]*)*\'|`[^`\\\\]*(?:\\\\.[^`\\\\]*)*`)',
  QS: '%{QUOTEDSTRING}',
  UUID: `${HEX}{8}-(?:${HEX}{4}-){3}${HEX}{12}`,

  // Network
  MAC: '(?:%{CISCOMAC}|%{WINDOWSMAC}|%{COMMONMAC})',
  CISCOMAC: `(?:(?:${HEX}{4}\\.){2}${HEX}{4})`,
  WINDOWSMAC: `(?:(?:${HEX}{2}-){5}${HEX}{2})`,
  COMMONMAC: `(?:(?:${HEX}{2}:){5}${HEX}{2})`,
  IPV6: ipv6(),
  IPV4: `(?<![0-9])(?:${DOTTED_QUAD})(?![0-9])`,
  IP: '(?:%{IPV6}|%{IPV4})',
  HOSTNAME: `\\b(?:${LABEL})(?:\\.(?:${LABEL}))*\\b`,
  IPORHOST: '(?:%{IP}|%{HOSTNAME})',
  HOSTPORT: '%{IPORHOST}:%{POSINT}',

  // Paths
  PATH: '(?:%{UNIXPATH}|%{WINPATH})',
  UNIXPATH: '(?:/(?:[\\w%!$@:.,+~-]|\\\\.)*)+',
  TTY: '(?:/dev/(?:pts|tty[pq]?)(?:\\w+)?/?[0-9]+)',
  WINPATH: '(?>[A-Za-z]+:|\\\\)(?:\\\\[^\\\\?*]*)+',

  // URIs
  URIPROTO: '[A-Za-z][A-Za-z0-9+.-]+',
  URIHOST: '%{IPORHOST}(?::%{POSINT:port})?',
  URIPATH: "(?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_-]*)+",
  URIPARAM: "\\?[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\\[\\]<>-]*",
  URIPATHPARAM: '%{URIPATH}(?:%{URIPARAM})?',
  URI: '%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATHPARAM})?',

  // Calendar parts (English and German month names, as in the logstash set)
  MONTH:
    '\\b(?:Jan(?:uary|uar)?|Feb(?:ruary|ruar)?|Mar(?:ch)?|Mär(?:z)?|Mrz|Apr(?:il)?|Ma[yi]|Jun[ei]?|Jul[yi]?|' +
    'Aug(?:ust)?|Sep(?:t(?:ember)?)?|O[ck]t(?:ober)?|Nov(?:ember)?|De[cz](?:ember)?)\\b',
  MONTHNUM: '(?:0?[1-9]|1[0-2])',
  MONTHNUM2: '(?:0[1-9]|1[0-2])',
  MONTHDAY: '(?:0[1-9]|[12][0-9]|3[01]|[1-9])',
  DAY: '\\b(?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)\\b',
  YEAR: '(?>\\d\\d){1,2}',
  HOUR: '(?:2[0-3]|[01]?[0-9])',
  MINUTE: '(?:[0-5][0-9])',
  // 60 allows a leap second; the fraction separator varies between log formats.
  SECOND: '(?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)',
  TIME: '(?<![0-9])%{HOUR}:%{MINUTE}(?::%{SECOND})(?![0-9])',

  // Dates and timestamps
  DATE_US: '%{MONTHNUM}[/-]%{MONTHDAY}[/-]%{YEAR}',
  DATE_EU: '%{MONTHDAY}[./-]%{MONTHNUM}[./-]%{YEAR}',
  ISO8601_TIMEZONE: '(?:Z|[+-]%{HOUR}(?::?%{MINUTE}))',
  ISO8601_SECOND: '(?:%{SECOND}|60)',
  TIMESTAMP_ISO8601: '%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?',
  DATE: '(?:%{DATE_US}|%{DATE_EU})',
  DATESTAMP: '%{DATE}[- ]%{TIME}',
  TZ: '(?:[ACEMP][SD]T|UTC)',
  DATESTAMP_RFC822: '%{DAY} %{MONTH} %{MONTHDAY} %{YEAR} %{TIME} %{TZ}',
  DATESTAMP_RFC2822: '%{DAY}, %{MONTHDAY} %{MONTH} %{YEAR} %{TIME} %{ISO8601_TIMEZONE}',
  DATESTAMP_OTHER: '%{DAY} %{MONTH} %{MONTHDAY} %{TIME} %{TZ} %{YEAR}',
  DATESTAMP_EVENTLOG: '%{YEAR}%{MONTHNUM2}%{MONTHDAY}%{HOUR}%{MINUTE}%{SECOND}',
  HTTPDATE: '%{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT}',

  // Syslog
  SYSLOGTIMESTAMP: '%{MONTH} +%{MONTHDAY} %{TIME}',
  PROG: '[\\w./%-]+',
  SYSLOGPROG: '%{PROG:program}(?:\\[%{POSINT:pid}\\])?',
  SYSLOGHOST: '%{IPORHOST}',
  SYSLOGFACILITY: '<%{NONNEGINT:facility}.%{NONNEGINT:priority}>',
  SYSLOGBASE: '%{SYSLOGTIMESTAMP:timestamp} (?:%{SYSLOGFACILITY} )?%{SYSLOGHOST:logsource} %{SYSLOGPROG}:',

  // Web server logs
  COMMONAPACHELOG:
    '%{IPORHOST:clientip} %{USER:ident} %{USER:auth} \\[%{HTTPDATE:timestamp}\\] ' +
    '"(?:%{WORD:verb} %{NOTSPACE:request}(?: HTTP/%{NUMBER:httpversion})?|%{DATA:rawrequest})" ' +
    '%{NUMBER:response} (?:%{NUMBER:bytes}|-)',
  COMBINEDAPACHELOG: '%{COMMONAPACHELOG} %{QS:referrer} %{QS:agent}',

  // Log levels
  LOGLEVEL:
    '(?:[Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo|INFO|' +
    '[Ww]arn?(?:ing)?|WARN?(?:ING)?|[Ee]rr?(?:or)?|ERR?(?:OR)?|[Cc]rit?(?:ical)?|CRIT?(?:ICAL)?|' +
    '[Ff]atal|FATAL|[Ss]evere|SEVERE|EMERG(?:ENCY)?|[Ee]merg(?:ency)?)',

  // Java
  JAVACLASS: '(?:[a-zA-Z$_][a-zA-Z$_0-9]*\\.)*[a-zA-Z$_][a-zA-Z$_0-9]*',
  JAVAFILE: '(?:[A-Za-z0-9_. -]+)',
  JAVAMETHOD: '(?:<(?:cl)?init>|[a-zA-Z$_][a-zA-Z$_0-9]*)',
  JAVASTACKTRACEPART: '%{SPACE}at %{JAVACLASS:class}\\.%{JAVAMETHOD:method}\\(%{JAVAFILE:file}(?::%{NUMBER:line})?\\)',
});
