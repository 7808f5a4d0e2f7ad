import { describe, expect, it } from 'vitest';
import { GrokCompiler } from '../../src/logstax/GrokCompiler.js';
import { GROK_PATTERNS } from '../../src/logstax/grokPatterns.js';

const grok = GrokCompiler.shared;

/** Whether the whole text is one occurrence of the pattern. */
function whole(name: string, text: string): boolean {
  return grok.compile(`^%{${name}}$`).regex.test(text);
}

const FAMILIES: Record<string, { yes: string[]; no: string[] }> = {
  USERNAME: { yes: ['john.doe', 'a_b-c', 'user42'], no: ['john doe', 'a@b', ''] },
  USER: { yes: ['root', '-'], no: ['ro ot'] },
  EMAILLOCALPART: { yes: ['john.doe', 'a+tag', "o'neil"], no: ['.john', 'john..doe', 'a b'] },
  EMAILADDRESS: { yes: ['john.doe@example.com', 'a+b@mail.example.org'], no: ['john@', '@example.com', 'a@b@c'] },
  INT: { yes: ['0', '-12', '+7', '123456'], no: ['1.5', 'abc', '--1', ''] },
  BASE10NUM: { yes: ['1', '-1.5', '+0.25', '.5', '10'], no: ['1.', '1e5', 'abc', '1.2.3'] },
  NUMBER: { yes: ['42', '-3.14', '.5'], no: ['4,2', 'x1'] },
  BASE16NUM: { yes: ['0x1F', 'ff', '-0xA0', '123'], no: ['0xZZ', 'g1'] },
  BASE16FLOAT: { yes: ['0x1F.8', 'ab.cd', '1.0', '12'], no: ['0x', 'zz.1', '1.2.3'] },
  POSINT: { yes: ['1', '42', '1000'], no: ['0', '-1', '012'] },
  NONNEGINT: { yes: ['0', '012', '99'], no: ['-1', '1.5'] },
  WORD: { yes: ['hello', 'foo_bar', 'x1'], no: ['foo bar', 'foo-bar', ''] },
  NOTSPACE: { yes: ['a-b/c?d', 'x'], no: ['a b', ''] },
  SPACE: { yes: ['', ' ', ' \t '], no: ['a', ' a'] },
  DATA: { yes: ['', 'anything at all'], no: ['two\nlines'] },
  GREEDYDATA: { yes: ['', 'anything at all'], no: ['two\nlines'] },
  QUOTEDSTRING: {
    yes: ['"hello"', '"with \\"escaped\\" quotes"', "'single'", '`back`', '""', "''"],
    no: ['"unterminated', 'bare', '"mixed\''],
  },
  QS: { yes: ['"x y"'], no: ['x y'] },
  UUID: { yes: ['0b45c0a8-2d4a-4cf3-9a4b-4a0b9a57e0a9', 'ABCDEF01-2345-6789-ABCD-EF0123456789'], no: ['0b45c0a8-2d4a-4cf3-9a4b', 'zb45c0a8-2d4a-4cf3-9a4b-4a0b9a57e0a9'] },
  MAC: { yes: ['0123.4567.89ab', '01-23-45-67-89-AB', '01:23:45:67:89:ab'], no: ['01:23:45:67:89', '0123.4567'] },
  CISCOMAC: { yes: ['0123.4567.89ab'], no: ['01:23:45:67:89:ab'] },
  WINDOWSMAC: { yes: ['01-23-45-67-89-AB'], no: ['01:23:45:67:89:ab'] },
  COMMONMAC: { yes: ['01:23:45:67:89:ab'], no: ['01-23-45-67-89-AB', '01:23:45:67:89:zz'] },
  IPV6: {
    yes: ['2001:db8:85a3:0:0:8a2e:370:7334', '2001:db8::1', '::1', '::', 'fe80::1%eth0', '::ffff:192.168.1.1', '1::', '1:2:3:4:5:6:1.2.3.4'],
    no: ['2001:db8:::1', '1:2:3:4:5:6:7:8:9', 'g::1', '12345::', '192.168.1.1'],
  },
  IPV4: { yes: ['192.168.1.1', '0.0.0.0', '255.255.255.255', '10.0.0.01'], no: ['256.1.1.1', '1.2.3', '1.2.3.4.5', 'a.b.c.d'] },
  IP: { yes: ['10.1.2.3', '::1'], no: ['example.com', '999.1.1.1'] },
  HOSTNAME: { yes: ['example.com', 'my-host', 'a.b.c.example.org', 'localhost'], no: ['-bad.com', 'bad-.com', 'foo_bar', 'a..b'] },
  IPORHOST: { yes: ['10.0.0.1', 'db.local', '::1'], no: ['a b', 'host_name'] },
  HOSTPORT: { yes: ['example.com:8080', '10.0.0.1:80', '::1:8080'], no: ['example.com', 'example.com:0', 'example.com:x'] },
  PATH: { yes: ['/var/log/syslog', 'C:\\Windows\\system32'], no: ['relative/path', ''] },
  UNIXPATH: { yes: ['/', '/usr/local/bin', '/a/b.c~d', '/with\\ escaped'], no: ['usr/local', '/a b'] },
  TTY: { yes: ['/dev/pts/0', '/dev/tty1', '/dev/ttyp0', '/dev/ttyS0'], no: ['/dev/sda', '/dev/pts/'] },
  WINPATH: { yes: ['C:\\Windows', 'c:\\a\\b c', '\\\\server\\share'], no: ['C:/Windows', 'Windows'] },
  URIPROTO: { yes: ['http', 'svn+ssh', 'a.b-c'], no: ['1http', 'h', 'ht tp'] },
  URIHOST: { yes: ['example.com', 'example.com:8080', '10.0.0.1:80'], no: ['example.com:', 'a b'] },
  URIPATH: { yes: ['/', '/a/b/c.html', "/a/(b)/c,d;e=f@g~h'i"], no: ['a/b', '/a b'] },
  URIPARAM: { yes: ['?', '?a=1&b=2', '?q=[x]|y'], no: ['a=1', '?a b'] },
  URIPATHPARAM: { yes: ['/search?q=x', '/index.html'], no: ['?q=x'] },
  URI: {
    yes: ['http://example.com', 'https://user:pw@example.com:8443/a/b?c=d', 'file:///etc/hosts', 'svn+ssh://host/repo'],
    no: ['example.com/path', 'http//example.com', '://x'],
  },
  MONTH: { yes: ['Jan', 'January', 'Sep', 'Sept', 'September', 'Mär', 'März', 'Okt', 'Dez'], no: ['Janu', 'Foo', 'jan'] },
  MONTHNUM: { yes: ['1', '01', '09', '12'], no: ['0', '13', '00'] },
  MONTHNUM2: { yes: ['01', '12'], no: ['1', '13'] },
  MONTHDAY: { yes: ['1', '01', '09', '10', '29', '31'], no: ['0', '32', '00'] },
  DAY: { yes: ['Mon', 'Monday', 'Thu', 'Sunday'], no: ['Mo', 'Someday', 'mon'] },
  YEAR: { yes: ['18', '2018'], no: ['201', '20181', 'abcd'] },
  HOUR: { yes: ['0', '09', '9', '23'], no: ['24', '99'] },
  MINUTE: { yes: ['00', '59'], no: ['60', '5'] },
  SECOND: { yes: ['00', '5', '59', '60', '59.123', '59,5', '01:123'], no: ['61', '99'] },
  TIME: { yes: ['12:34:56', '1:02:03', '23:59:60.5'], no: ['12:34', '24:00:00', '12:60:00'] },
  DATE_US: { yes: ['08/10/2018', '8-10-18', '12/31/2018'], no: ['13/01/2018', '08.10.2018'] },
  DATE_EU: { yes: ['10.08.2018', '31/12/18', '1-1-2018'], no: ['32.01.2018', '10.13.2018'] },
  ISO8601_TIMEZONE: { yes: ['Z', '+02:00', '-0700', '+0530'], no: ['z', '+05', '+2400', 'UTC'] },
  ISO8601_SECOND: { yes: ['59', '60', '07.5'], no: ['61'] },
  TIMESTAMP_ISO8601: {
    yes: ['2018-08-10T12:34:56.789Z', '2018-08-10 12:34:56', '2018-08-10T12:34', '2018-08-10T1234+02:00', '2018-08-10T12:34:56-0700'],
    no: ['2018-08-10', '2018/08/10T12:34:56', '2018-13-10T12:34:56'],
  },
  DATE: { yes: ['08/10/2018', '31.12.2018'], no: ['2018-08-10'] },
  DATESTAMP: { yes: ['08/10/2018 12:34:56', '31.12.2018-23:59:59'], no: ['08/10/2018T12:34:56', '08/10/2018 12:34'] },
  TZ: { yes: ['UTC', 'PST', 'EDT', 'CST', 'AST', 'MDT'], no: ['XYZ', 'utc', 'GMT+1'] },
  DATESTAMP_RFC822: { yes: ['Fri Aug 10 2018 12:34:56 UTC'], no: ['Fri Aug 10 12:34:56 UTC 2018'] },
  DATESTAMP_RFC2822: { yes: ['Fri, 10 Aug 2018 12:34:56 +0000', 'Mon, 1 Jan 2018 00:00:00 -07:00'], no: ['Fri 10 Aug 2018 12:34:56 +0000'] },
  DATESTAMP_OTHER: { yes: ['Fri Aug 10 12:34:56 UTC 2018'], no: ['Fri Aug 10 2018 12:34:56 UTC'] },
  DATESTAMP_EVENTLOG: { yes: ['20180810123456'], no: ['2018-08-10 12:34:56', '20181310123456'] },
  SYSLOGTIMESTAMP: { yes: ['Mar  7 00:00:01', 'Aug 10 12:34:56'], no: ['03 7 00:00:01', 'Aug 10 12:34'] },
  PROG: { yes: ['sshd', 'postfix/smtpd', 'kernel.x-y%1'], no: ['a b', 'proc[1]'] },
  SYSLOGPROG: { yes: ['sshd', 'sshd[1234]'], no: ['sshd[0]', 'sshd[x]'] },
  SYSLOGHOST: { yes: ['myhost', '10.0.0.1'], no: ['my host'] },
  SYSLOGFACILITY: { yes: ['<4.6>', '<0.0>'], no: ['<4>', '4.6'] },
  HTTPDATE: { yes: ['10/Oct/2000:13:55:36 -0700', '01/Jan/2018:00:00:00 +0000'], no: ['10/10/2000:13:55:36 -0700', '10/Oct/2000 13:55:36 -0700'] },
  SYSLOGBASE: { yes: ['Mar  7 00:00:01 myhost sshd[1234]:', 'Aug 10 12:34:56 <4.6> 10.0.0.1 kernel:'], no: ['Mar  7 00:00:01 myhost sshd[1234]'] },
  COMMONAPACHELOG: {
    yes: ['127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326', '::1 - - [10/Oct/2000:13:55:36 -0700] "-" 400 -'],
    no: ['127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] GET /x 200 1'],
  },
  COMBINEDAPACHELOG: {
    yes: ['127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://example.com/" "Mozilla/4.08"'],
    no: ['127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326'],
  },
  LOGLEVEL: { yes: ['INFO', 'info', 'Warn', 'WARNING', 'err', 'ERROR', 'CRIT', 'Fatal', 'emergency', 'TRACE', 'Notice'], no: ['Information', 'LOUD', 'iNFO'] },
  JAVACLASS: { yes: ['com.example.Foo', 'Foo', 'a.b$Inner', '_x.y1'], no: ['1com.Foo', 'com..Foo', 'com.Foo.'] },
  JAVAFILE: { yes: ['Foo.java', 'Native Method', 'Unknown Source'], no: ['Foo:java', ''] },
  JAVAMETHOD: { yes: ['run', '<init>', '<clinit>', 'lambda$main$0'], no: ['1run', '<foo>'] },
  JAVASTACKTRACEPART: {
    yes: ['\tat com.example.Foo.bar(Foo.java:42)', '  at java.lang.Thread.run(Thread.java)', 'at sun.reflect.X.invoke0(Native Method)'],
    no: ['at com.example.Foo.bar', 'com.example.Foo.bar(Foo.java:42)'],
  },
};

describe('base grok pattern library', () => {
  it('defines every pattern of the standard set that the port promises', () => {
    for (const name of Object.keys(FAMILIES)) expect(GROK_PATTERNS, name).toHaveProperty(name);
  });

  it('compiles every definition of the library', () => {
    for (const name of Object.keys(GROK_PATTERNS)) expect(() => grok.compile(`%{${name}}`), name).not.toThrow();
  });

  for (const [name, { yes, no }] of Object.entries(FAMILIES)) {
    it(`${name} accepts its own format and rejects near misses`, () => {
      for (const text of yes) expect(whole(name, text), `${name} should accept ${JSON.stringify(text)}`).toBe(true);
      for (const text of no) expect(whole(name, text), `${name} should reject ${JSON.stringify(text)}`).toBe(false);
    });
  }
});

describe('structured base patterns produce their documented fields', () => {
  it('COMBINEDAPACHELOG captures every part of an access log line', () => {
    const line =
      '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 ' +
      '"http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"';
    expect(grok.compile('%{COMBINEDAPACHELOG}').match(line)).toEqual({
      clientip: '127.0.0.1',
      ident: '-',
      auth: 'frank',
      timestamp: '10/Oct/2000:13:55:36 -0700',
      verb: 'GET',
      request: '/apache_pb.gif',
      httpversion: '1.0',
      rawrequest: null,
      response: '200',
      bytes: '2326',
      referrer: '"http://www.example.com/start.html"',
      agent: '"Mozilla/4.08 [en] (Win98; I ;Nav)"',
    });
  });

  it('COMMONAPACHELOG falls back to rawrequest for a malformed request line', () => {
    const fields = grok.compile('%{COMMONAPACHELOG}').match('::1 - - [10/Oct/2000:13:55:36 -0700] "-" 400 -');
    expect(fields).toMatchObject({ clientip: '::1', rawrequest: '-', verb: null, response: '400', bytes: null });
  });

  it('SYSLOGBASE captures timestamp, facility, host, program and pid', () => {
    expect(grok.compile('%{SYSLOGBASE} %{GREEDYDATA:msg}').match('Aug 10 12:34:56 <4.6> web1 sshd[1234]: Accepted key')).toEqual({
      timestamp: 'Aug 10 12:34:56',
      facility: '4',
      priority: '6',
      logsource: 'web1',
      program: 'sshd',
      pid: '1234',
      msg: 'Accepted key',
    });
  });

  it('URIHOST names the port', () => {
    expect(grok.compile('%{URI}').match('https://example.com:8443/x')).toEqual({ port: '8443' });
  });

  it('JAVASTACKTRACEPART splits class, method, file and line', () => {
    expect(grok.compile('%{JAVASTACKTRACEPART}').match('\tat com.example.Foo.bar(Foo.java:42)')).toEqual({
      class: 'com.example.Foo',
      method: 'bar',
      file: 'Foo.java',
      line: '42',
    });
  });

  it('IP takes the longest address when searching, embedded IPv4 included', () => {
    const ip = grok.compile('%{IP:ip}');
    expect(ip.match('from ::ffff:192.168.1.1 port 22')).toEqual({ ip: '::ffff:192.168.1.1' });
    expect(ip.match('from 2001:db8::8a2e:370:7334, ok')).toEqual({ ip: '2001:db8::8a2e:370:7334' });
    expect(ip.match('client 10.1.2.3:5000')).toEqual({ ip: '10.1.2.3' });
  });

  it('NUMBER never starts inside another number and never gives back digits (atomic BASE10NUM)', () => {
    expect(grok.compile('x%{NUMBER:n}').match('x12.5')).toEqual({ n: '12.5' });
    expect(grok.compile('%{NUMBER:n}\\.').match('1.5')).toBeNull();
    expect(grok.compile('v%{NUMBER:n}').match('v.5')).toEqual({ n: '.5' });
  });

  // Exponential backtracking would hang here until the test times out.
  it('QUOTEDSTRING fails in linear time on a long unterminated quote', () => {
    expect(grok.compile('^%{QS}$').regex.test(`"${'a\\"'.repeat(20000)}`)).toBe(false);
    expect(grok.compile('^%{UNIXPATH}$').regex.test(`${'/aaaa'.repeat(5000)} x`)).toBe(false);
  });
});
