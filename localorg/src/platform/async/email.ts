/**
 * Outbound email: `Messaging.SingleEmailMessage` with its `Messaging.EmailFileAttachment`s,
 * `Messaging.sendEmail` and `Messaging.reserveSingleEmailCapacity`. Nothing is sent: messages go
 * to an outbox (released when the transaction commits; kept for inspection in tests) and count
 * against `Limits.getEmailInvocations()`. Outside Apex tests every address in to, cc and bcc
 * counts against the org's daily single email allowance (UTC days; `OrgAsyncLimits`); a user
 * reached through `setTargetObjectId` does not (Apex Developer Guide, "Outbound Email";
 * "Messaging Class").
 */
import type { NativeClass, NativeProp, Runtime } from '../../runtime/native';
import {
  ApexBlob,
  ApexError,
  ApexList,
  NativeObject,
  NotSupportedError,
  typeRef,
  type Value,
} from '../../runtime/values';
import { asyncOf, isTest, platformOf, requireArg } from './context';
import type { AsyncService } from './service';

/** A file sent with an email (`Messaging.EmailFileAttachment`). */
export interface OutboxAttachment {
  readonly fileName: string | null;
  readonly contentType: string | null;
  readonly body: Uint8Array;
  readonly inline: boolean;
}

export interface OutboxEmail {
  readonly to: string[];
  readonly cc: string[];
  readonly bcc: string[];
  readonly subject: string | null;
  readonly plainTextBody: string | null;
  readonly htmlBody: string | null;
  readonly senderDisplayName: string | null;
  readonly replyTo: string | null;
  readonly targetObjectId: string | null;
  readonly whatId: string | null;
  readonly attachments: OutboxAttachment[];
  readonly sentAt: number;
  /** Sent from an Apex test (the platform never delivers those). */
  readonly test: boolean;
}

type EmailState = Map<string, Value>;
const SINGLE = 'Messaging.SingleEmailMessage';
const ATTACHMENT = 'Messaging.EmailFileAttachment';
const DAY_MS = 24 * 60 * 60 * 1000;
const DAILY_LIMIT_MESSAGE = 'The daily limit for the org would be exceeded by this request.';

const strings = (v: Value | undefined): string[] =>
  v instanceof ApexList ? v.items.filter((x) => x !== null).map(String) : [];
const text = (v: Value | undefined): string | null =>
  v === null || v === undefined ? null : String(v);

export class EmailService {
  private readonly outbox: OutboxEmail[] = [];

  constructor(private readonly svc: AsyncService) {}

  /** Messages sent so far (committed ones, and every one sent in a test). */
  getOutbox(): readonly OutboxEmail[] {
    return this.outbox;
  }

  resetTest(): void {
    for (let i = this.outbox.length - 1; i >= 0; i--) {
      if (this.outbox[i].test) this.outbox.splice(i, 1);
    }
  }

  /** Addresses in to, cc and bcc of the emails sent (outside tests) since 00:00 UTC. */
  private sentToday(): number {
    const now = this.svc.clock.now();
    const dayStart = now - (now % DAY_MS);
    return this.outbox
      .filter((e) => !e.test && e.sentAt >= dayStart)
      .reduce((sum, e) => sum + addressCount(e), 0);
  }

  /**
   * `Messaging.reserveSingleEmailCapacity(amount)`: throws `System.HandledException` when
   * sending to `amount` more addresses today would pass the org's daily allowance.
   */
  reserveSingleEmailCapacity(amount: Value): Value {
    requireArg(amount);
    if (this.sentToday() + Number(amount) > this.svc.orgLimits.dailySingleEmails) {
      throw new ApexError('System.HandledException', DAILY_LIMIT_MESSAGE);
    }
    return null;
  }

  /** `Messaging.sendEmail(emails[, allOrNothing])`. */
  sendEmail(rt: Runtime, emails: Value, allOrNothing: boolean): Value {
    requireArg(emails);
    if (!(emails instanceof ApexList)) throw new NotSupportedError('sendEmail of a non-list');
    platformOf(rt).limits.consume('emailInvocations');
    const test = isTest(rt);
    const results: Value[] = [];
    const accepted: OutboxEmail[] = [];
    let addresses = test ? 0 : this.sentToday();
    emails.items.forEach((m, row) => {
      if (!(m instanceof NativeObject) || m.typeName !== SINGLE) {
        throw new NotSupportedError(
          `sending ${m === null ? 'null' : (m as NativeObject).typeName}`,
        );
      }
      const st = m.state as EmailState;
      const email: OutboxEmail = {
        to: strings(st.get('toaddresses')),
        cc: strings(st.get('ccaddresses')),
        bcc: strings(st.get('bccaddresses')),
        subject: text(st.get('subject')),
        plainTextBody: text(st.get('plaintextbody')),
        htmlBody: text(st.get('htmlbody')),
        senderDisplayName: text(st.get('senderdisplayname')),
        replyTo: text(st.get('replyto')),
        targetObjectId: text(st.get('targetobjectid')),
        whatId: text(st.get('whatid')),
        attachments: attachmentsOf(st.get('fileattachments')),
        sentAt: this.svc.clock.now(),
        test,
      };
      const missing =
        !email.to.length && !email.cc.length && !email.bcc.length && !email.targetObjectId;
      const overLimit =
        !test && addresses + addressCount(email) > this.svc.orgLimits.dailySingleEmails;
      const error = missing
        ? {
            statusCode: 'REQUIRED_FIELD_MISSING',
            message: 'Missing target address (target, to, cc, bcc)',
          }
        : overLimit
          ? { statusCode: 'SINGLE_EMAIL_LIMIT_EXCEEDED', message: 'Email limit exceeded' }
          : null;
      if (error) {
        if (allOrNothing) {
          throw new ApexError(
            'System.EmailException',
            `SendEmail failed. First exception on row ${row}; first error: ${error.statusCode}, ${error.message}: []`,
          );
        }
        results.push(sendResult(false, [error]));
        return;
      }
      addresses += addressCount(email);
      accepted.push(email);
      results.push(sendResult(true, []));
    });
    this.svc.afterCommit(rt, () => this.outbox.push(...accepted));
    return new ApexList(typeRef('Messaging.SendEmailResult'), results);
  }
}

function addressCount(email: OutboxEmail): number {
  return email.to.length + email.cc.length + email.bcc.length;
}

function attachmentsOf(v: Value | undefined): OutboxAttachment[] {
  if (!(v instanceof ApexList)) return [];
  return v.items.map((a) => {
    if (!(a instanceof NativeObject) || a.typeName !== ATTACHMENT) {
      throw new NotSupportedError('file attachments other than Messaging.EmailFileAttachment');
    }
    const st = (a as NativeObject<EmailState>).state;
    const body = st.get('body');
    return {
      fileName: text(st.get('filename')),
      contentType: text(st.get('contenttype')),
      body: body instanceof ApexBlob ? body.bytes : new Uint8Array(),
      inline: st.get('inline') === true,
    };
  });
}

interface SendResultState {
  success: boolean;
  errors: { statusCode: string; message: string }[];
}

function sendResult(success: boolean, errors: SendResultState['errors']): Value {
  return new NativeObject<SendResultState>('Messaging.SendEmailResult', { success, errors });
}

const PROPS: Record<string, string> = {
  toaddresses: 'toaddresses',
  ccaddresses: 'ccaddresses',
  bccaddresses: 'bccaddresses',
  subject: 'subject',
  plaintextbody: 'plaintextbody',
  htmlbody: 'htmlbody',
  senderdisplayname: 'senderdisplayname',
  replyto: 'replyto',
  targetobjectid: 'targetobjectid',
  whatid: 'whatid',
  saveasactivity: 'saveasactivity',
  orgwideemailaddressid: 'orgwideemailaddressid',
  usesignature: 'usesignature',
  charset: 'charset',
  inreplyto: 'inreplyto',
  references: 'references',
  bccsender: 'bccsender',
  fileattachments: 'fileattachments',
};

/** `Messaging.EmailFileAttachment`'s settings, each a property with a setter and a getter. */
const ATTACHMENT_PROPS = ['body', 'contenttype', 'filename', 'inline'];

function attachmentClass(): NativeClass {
  const st = (s: Value) => (s as NativeObject<EmailState>).state;
  const methods: Record<string, (rt: Runtime, a: Value[], s: Value) => Value> = {};
  const props: Record<string, NativeProp> = {};
  for (const key of ATTACHMENT_PROPS) {
    methods[`set${key}`] = (_rt, a, s) => (st(s).set(key, a[0] ?? null), null);
    methods[`get${key}`] = (_rt, _a, s) => st(s).get(key) ?? null;
    props[key] = {
      get: (_rt, s) => st(s).get(key) ?? null,
      set: (_rt, s, v) => void st(s).set(key, v),
    };
  }
  return {
    name: 'EmailFileAttachment',
    namespace: 'Messaging',
    construct: () => new NativeObject<EmailState>(ATTACHMENT, new Map()),
    methods,
    props,
  };
}

function emailMethods(): Record<string, (rt: Runtime, a: Value[], s: Value) => Value> {
  const m: Record<string, (rt: Runtime, a: Value[], s: Value) => Value> = {};
  const st = (s: Value) => (s as NativeObject<EmailState>).state;
  for (const key of Object.values(PROPS)) {
    m[`set${key}`] = (_rt, a, s) => (st(s).set(key, a[0] ?? null), null);
    m[`get${key}`] = (_rt, _a, s) => st(s).get(key) ?? null;
  }
  for (const unsupported of ['settemplateid', 'setentityattachments']) {
    m[unsupported] = () => {
      throw new NotSupportedError(`SingleEmailMessage.${unsupported}`);
    };
  }
  return m;
}

export const emailClasses: NativeClass[] = [
  {
    name: 'SingleEmailMessage',
    namespace: 'Messaging',
    construct: () => new NativeObject<EmailState>(SINGLE, new Map()),
    methods: emailMethods(),
  },
  attachmentClass(),
  {
    name: 'SendEmailResult',
    namespace: 'Messaging',
    methods: {
      issuccess: (_rt, _a, s) => (s as NativeObject<SendResultState>).state.success,
      geterrors: (_rt, _a, s) =>
        new ApexList(
          typeRef('Messaging.SendEmailError'),
          (s as NativeObject<SendResultState>).state.errors.map(
            (e) => new NativeObject('Messaging.SendEmailError', e),
          ),
        ),
    },
  },
  {
    name: 'SendEmailError',
    namespace: 'Messaging',
    methods: {
      getmessage: (_rt, _a, s) => (s as NativeObject<{ message: string }>).state.message,
      getstatuscode: (_rt, _a, s) => (s as NativeObject<{ statusCode: string }>).state.statusCode,
      getfields: () => new ApexList(typeRef('String'), []),
      gettargetobjectid: () => null,
    },
  },
  {
    name: 'Messaging',
    statics: {
      sendemail: (rt, a) => asyncOf(rt).email.sendEmail(rt, a[0] ?? null, a[1] !== false),
      reservesingleemailcapacity: (rt, a) =>
        asyncOf(rt).email.reserveSingleEmailCapacity(a[0] ?? null),
    },
  },
];
