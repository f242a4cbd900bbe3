import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachedMethods,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import type { BehaviorOptions } from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { webAppSecurityHeaders } from '../local/web-app';
import type { HttpRouteDefinition } from '../lambdas/routes';
import { writeWebApp } from '../web/build';

export interface WebDistributionProps {
  readonly stage: string;
  readonly api: HttpApi;
  /** Every route of the API: their first path segments are forwarded to it. */
  readonly routes: readonly HttpRouteDefinition[];
  readonly removalPolicy: RemovalPolicy;
  /** Opt-in WAF: block an IP sending more than this many requests in 5 minutes (context `webRateLimit`). */
  readonly wafRateLimit: number | undefined;
}

/**
 * The public views every fan refreshes (API.md: they may be a second old): CloudFront keeps them 1 s, so a surge
 * reaches the API once per second per edge location. Everything else under /concerts is the seat map, which needs
 * the fan's token and is never cached.
 */
export const cachedPublicViews = ['/concerts', '/concerts/*/dates', '/concerts/*/queue'] as const;
export const seatMapPattern = '/concerts/*/dates/*/seats';

/** `/segment*` for the first segment of every route (`/concerts*`, `/queue*`, …): these paths go to the API. */
export const apiPathPatterns = (routes: readonly HttpRouteDefinition[]): string[] =>
  [...new Set(routes.map((route) => route.path.split('/')[1]))].filter((segment): segment is string => Boolean(segment)).sort().map((segment) => `/${segment}*`);

/**
 * The fan web app on AWS: its build in a private S3 bucket read only by CloudFront (origin access control), and
 * one CloudFront distribution that serves the page and forwards the API's paths to the HTTP API, so the page and
 * the API share one origin (no CORS). Idle it costs nothing (CloudFront and S3 bill per request and byte).
 */
export class WebDistribution extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly deployment: BucketDeployment;

  constructor(scope: Construct, id: string, props: WebDistributionProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: props.removalPolicy,
    });
    NagSuppressions.addResourceSuppressions(this.bucket, [
      {
        id: 'AwsSolutions-S1',
        reason:
          'It holds only the build of the public page (three files), readable by CloudFront alone; nobody reads it ' +
          'directly, so server access logs would record only CloudFront fetches and the deployment.',
      },
    ]);

    const apiOrigin = new HttpOrigin(Fn.select(2, Fn.split('/', props.api.apiEndpoint)), {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    // Sends everything the API reads (Authorization, Idempotency-Key, X-Challenge, query strings) except Host,
    // which must stay the API's own for API Gateway to route it.
    const forwarded: BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    const publicViewCache = new CachePolicy(this, 'PublicViewCache', {
      cachePolicyName: `concert-${props.stage}-public-views-1s`,
      comment: 'GET /concerts, dates and the room view: one second at the edge',
      defaultTtl: Duration.seconds(1),
      maxTtl: Duration.seconds(1),
      minTtl: Duration.seconds(0),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const cached: BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      cachedMethods: CachedMethods.CACHE_GET_HEAD,
      cachePolicy: publicViewCache,
      // No Authorization in the cache key or to the origin: these views are public and the same for everyone.
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    // Order matters: CloudFront takes the first matching pattern, so the seat map comes before the cached views
    // and both before the catch-all of their segment.
    const additionalBehaviors: Record<string, BehaviorOptions> = { [seatMapPattern]: forwarded };
    for (const view of cachedPublicViews) additionalBehaviors[view] = cached;
    for (const pattern of apiPathPatterns(props.routes)) additionalBehaviors[pattern] = forwarded;

    const pageHeaders = new ResponseHeadersPolicy(this, 'PageHeaders', {
      responseHeadersPolicyName: `concert-${props.stage}-page-headers`,
      comment: 'The page loads and calls only its own origin (the same policy as the local server)',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: webAppSecurityHeaders['content-security-policy'], override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });

    if (props.wafRateLimit !== undefined && !Token.isUnresolved(stack.region) && stack.region !== 'us-east-1') {
      throw new Error(`context "webRateLimit": a CloudFront web ACL can only be created in us-east-1; deploy the stack there or leave WAF off (region ${stack.region})`);
    }
    const webAcl = props.wafRateLimit === undefined ? undefined : this.createRateLimitAcl(props.stage, props.wafRateLimit);

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Concert reservation web app and API (${props.stage})`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: pageHeaders,
        compress: true,
      },
      additionalBehaviors,
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America and Europe edges only: the cheapest class; fans elsewhere are still served, from farther.
      priceClass: PriceClass.PRICE_CLASS_100,
      ...(webAcl ? { webAclId: webAcl.attrArn } : {}),
    });
    NagSuppressions.addResourceSuppressions(this.distribution, [
      { id: 'AwsSolutions-CFR1', reason: 'Tickets are sold to fans wherever they are; no country is blocked.' },
      ...(webAcl
        ? []
        : [
            {
              id: 'AwsSolutions-CFR2',
              reason:
                'WAF costs about $6/month idle (web ACL + one rule) against an otherwise near-$0 idle stack, so it is ' +
                'opt-in: -c webRateLimit=<requests per 5 min per IP> adds a rate-based rule. The waiting room and ' +
                'the API stage throttle already bound what a flood can do.',
            },
          ]),
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'Standard logs need a logging bucket and bill per request; the API access log already records every API ' +
          'request and the page is three static files.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "The distribution uses CloudFront's default *.cloudfront.net certificate, for which CloudFront fixes the " +
          'minimum TLS version; a custom domain with its own certificate would set TLSv1.2_2021.',
      },
    ]);

    // The build goes to the bucket on every deploy; in dev, deleting the stack deletes the files (and the bucket).
    this.deployment = new BucketDeployment(this, 'Deployment', {
      sources: [Source.asset(writeWebApp(mkdtempSync(path.join(tmpdir(), 'concert-web-app-'))))],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/'],
      prune: true,
      retainOnDelete: props.removalPolicy !== RemovalPolicy.DESTROY,
      memoryLimit: 256,
    });
    for (const child of stack.node.children.filter((candidate) => candidate.node.id.startsWith('Custom::CDKBucketDeployment'))) {
      NagSuppressions.addResourceSuppressions(
        child,
        [
          { id: 'AwsSolutions-L1', reason: "The CDK's BucketDeployment handler pins its own Python runtime; it runs only during a deployment." },
          {
            id: 'AwsSolutions-IAM4',
            reason: 'AWSLambdaBasicExecutionRole (CloudWatch Logs only) on the CDK BucketDeployment handler, which runs only during a deployment.',
            appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
          },
          {
            id: 'AwsSolutions-IAM5',
            reason:
              "The CDK BucketDeployment handler copies the build from the CDK asset bucket into the web bucket (s3:GetObject*/List*/" +
              'DeleteObject* on those two buckets) and invalidates this distribution; the wildcards are the CDK grant helpers\' own.',
          },
        ],
        true,
      );
    }
  }

  /**
   * AWS WAF in front of CloudFront, blocking an IP over `limit` requests per 5 minutes. Costs $5/month for the web
   * ACL + $1/month for the rule + $0.60 per million requests (us-east-1 prices), hence opt-in.
   */
  private createRateLimitAcl(stage: string, limit: number): CfnWebACL {
    return new CfnWebACL(this, 'RateLimit', {
      name: `concert-${stage}-rate-limit`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: `concert-${stage}-web-acl`, sampledRequestsEnabled: true },
      rules: [
        {
          name: 'rate-per-ip',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit, aggregateKeyType: 'IP' } },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: `concert-${stage}-rate-per-ip`, sampledRequestsEnabled: true },
        },
      ],
    });
  }
}
