import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CHILD_PROTECTION_GROUP, ROLES } from '../../functions/domain/console/roles.js';

export interface StaffIdentityProps {
  stage: string;
  siteName: string;
  production: boolean;
  /** https://… where the portal is reached (CloudFront or the custom domain). */
  publicBaseUrl: string;
  /** Named in the invitation e-mail when known at synth time (custom domain). */
  invitationUrl?: string | undefined;
  /** Prefix of the managed login domain; default waypoint-<stage>-<account id>. */
  domainPrefix?: string | undefined;
}

/** Cognito groups = console roles (functions/domain/console/roles.ts) + the child-protection group. */
export const STAFF_GROUPS = [...ROLES, CHILD_PROTECTION_GROUP] as const;

const GROUP_DESCRIPTIONS: Record<(typeof STAFF_GROUPS)[number], string> = {
  operator: 'Works the callback queue: claims requests and sees the contact details of requests they hold',
  supervisor: 'Everything an operator may do, plus reassigning requests, workload and the audit trail',
  'directory-editor': 'Edits the service directory and handles listing problem reports',
  admin: 'Aggregate statistics and administration; no access to personal data',
  'child-protection': 'Operators trained to take requests from children',
};

/**
 * Staff sign-in: a Cognito user pool without self sign-up, TOTP MFA required, a strong password
 * policy, threat protection (Plus feature plan), groups as roles, a managed login domain and one
 * confidential app client for the console (authorization code + PKCE + client secret).
 */
export class StaffIdentity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  readonly callbackUrl: string;
  readonly logoutUrl: string;

  constructor(scope: Construct, id: string, props: StaffIdentityProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `waypoint-${props.stage}-staff`,
      selfSignUpEnabled: false,
      signInAliases: { email: true, username: false },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false, email: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 12,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Plus: threat protection (compromised credentials, risky sign-ins) in enforcement mode.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: props.production,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      userInvitation: {
        emailSubject: `${props.siteName}: your staff account`,
        // The CloudFront address cannot appear here: the pool would then depend on the distribution,
        // which depends on the console function, which needs the pool's issuer URL.
        emailBody: `You have a staff account for ${props.siteName}. Your user name is {username} and your temporary password is {####}. ${props.invitationUrl ? `Sign in at ${props.invitationUrl} ` : 'Sign in at the staff console address you were given '}and set up an authenticator app when asked.`,
      },
    });

    STAFF_GROUPS.forEach((groupName, i) => {
      this.userPool.addGroup(`Group${i}`, { groupName, description: GROUP_DESCRIPTIONS[groupName] });
    });

    this.callbackUrl = `${props.publicBaseUrl}/console/auth/callback`;
    this.logoutUrl = `${props.publicBaseUrl}/console/signed-out`;
    this.client = this.userPool.addClient('ConsoleClient', {
      userPoolClientName: 'console',
      // Confidential client: the console is a server-side app; the secret lives in Secrets Manager.
      generateSecret: true,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [this.callbackUrl],
        logoutUrls: [this.logoutUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      authSessionValidity: Duration.minutes(10),
    });

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `waypoint-${props.stage}-${Aws.ACCOUNT_ID}` },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // Managed login pages need a style; Cognito's own default is neutral.
    new cognito.CfnManagedLoginBranding(this, 'Branding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
  }

  /** The OpenID Connect issuer the console discovers its endpoints from. */
  get issuer(): string {
    return this.userPool.userPoolProviderUrl;
  }

  /** https://<prefix>.auth.<region>.amazoncognito.com */
  get signInDomain(): string {
    return this.domain.baseUrl();
  }
}
