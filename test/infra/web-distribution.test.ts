import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { apiPathPatterns, cachedPublicViews, seatMapPattern } from '../../lib/web-distribution';
import { httpRoutes } from '../../lambdas/routes';
import { propertiesOf, resourcesOfType, synthesizeService } from './support';

/** CloudFront's managed CachingDisabled policy. */
const cachingDisabled = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

interface Behavior {
  readonly PathPattern: string;
  readonly TargetOriginId: string;
  readonly CachePolicyId: unknown;
  readonly OriginRequestPolicyId?: unknown;
  readonly AllowedMethods: string[];
  readonly ViewerProtocolPolicy: string;
}

const distributionConfig = (template: Template) => {
  const [[, distribution]] = resourcesOfType(template, 'AWS::CloudFront::Distribution') as [[string, Record<string, unknown>]];
  return propertiesOf(distribution).DistributionConfig as {
    DefaultRootObject: string;
    DefaultCacheBehavior: Behavior & { ResponseHeadersPolicyId: unknown };
    CacheBehaviors: Behavior[];
    Origins: { Id: string; DomainName: unknown; S3OriginConfig?: unknown; OriginAccessControlId?: unknown; CustomOriginConfig?: { OriginProtocolPolicy: string } }[];
    WebACLId?: unknown;
  };
};

/** Does a CloudFront path pattern (`*` any characters) match a concrete path? */
const matches = (pattern: string, path: string): boolean => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(path);

describe('WebDistribution', () => {
  const { template } = synthesizeService({ stage: 'dev' });
  const config = distributionConfig(template);
  const behaviorFor = (path: string) => config.CacheBehaviors.find((behavior) => matches(behavior.PathPattern, path));
  const apiOriginId = config.Origins.find((origin) => origin.CustomOriginConfig)?.Id;

  it('keeps the page in a private, encrypted, SSL-only bucket that dev deletes with the stack', () => {
    const buckets = resourcesOfType(template, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(1);
    const bucket = buckets[0]![1];
    expect(propertiesOf(bucket)).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    expect(bucket.DeletionPolicy).toBe('Delete');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' }),
        ]),
      },
    });
  });

  it('reads the bucket through origin access control only, and serves index.html at / over HTTPS', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    const s3Origin = config.Origins.find((origin) => origin.S3OriginConfig);
    expect(s3Origin?.OriginAccessControlId).toBeDefined();
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior).toMatchObject({ TargetOriginId: s3Origin?.Id, ViewerProtocolPolicy: 'redirect-to-https' });
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toBeDefined();
  });

  it('forwards every route of the API, on the same domain, to the HTTP API over HTTPS only', () => {
    const apiOrigin = config.Origins.find((origin) => origin.Id === apiOriginId);
    expect(apiOrigin?.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
    expect(JSON.stringify(apiOrigin?.DomainName)).toContain('ApiEndpoint');
    for (const route of httpRoutes) {
      const concretePath = route.path.replace(/\{[^}]+\}/g, 'x');
      expect({ route: route.path, origin: behaviorFor(concretePath)?.TargetOriginId }).toEqual({ route: route.path, origin: apiOriginId });
    }
    for (const pattern of apiPathPatterns(httpRoutes)) expect(config.CacheBehaviors.map((behavior) => behavior.PathPattern)).toContain(pattern);
  });

  it('caches GET /concerts, dates and the room view for 1 s at the edge, without Authorization in the key', () => {
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        DefaultTTL: 1,
        MaxTTL: 1,
        MinTTL: 0,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({ HeadersConfig: { HeaderBehavior: 'none' } }),
      }),
    });
    const publicViewPolicyId = resourcesOfType(template, 'AWS::CloudFront::CachePolicy')[0]?.[0];
    for (const path of ['/concerts', '/concerts/c-1/dates', '/concerts/c-1/queue']) {
      expect({ path, policy: behaviorFor(path)?.CachePolicyId }).toEqual({ path, policy: { Ref: publicViewPolicyId } });
    }
    expect(cachedPublicViews).toHaveLength(3);
  });

  it('never caches the seat map, holds, payments or anything with a token', () => {
    expect(behaviorFor('/concerts/c-1/dates/2026-12-24/seats')?.PathPattern).toBe(seatMapPattern);
    for (const path of ['/concerts/c-1/dates/2026-12-24/seats', '/reservations', '/payments', '/balance/charge', '/queue/tokens/me', '/users']) {
      expect({ path, policy: behaviorFor(path)?.CachePolicyId, methods: behaviorFor(path)?.AllowedMethods }).toEqual({
        path,
        policy: cachingDisabled,
        methods: expect.arrayContaining(['GET', 'POST', 'DELETE']),
      });
    }
  });

  it('uploads the built page to the bucket on deploy and invalidates the page at the edge', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: Match.stringLikeRegexp('^WebBucket') },
      DistributionPaths: ['/index.html', '/'],
      Prune: true,
      RetainOnDelete: false,
    });
  });

  it('outputs the page URL', () => {
    template.hasOutput('WebUrl', { Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebDistribution'), 'DomainName'] }, '/']] } });
  });

  it('has no WAF unless asked for', () => {
    expect(resourcesOfType(template, 'AWS::WAFv2::WebACL')).toHaveLength(0);
    expect(config.WebACLId).toBeUndefined();
  });
});

describe('WebDistribution with -c webRateLimit', () => {
  const { stack, template } = synthesizeService({ stage: 'prod', webRateLimit: '2000' });

  it('puts a CloudFront web ACL with a per-IP rate-based rule in front of the distribution', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: [Match.objectLike({ Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } } })],
    });
    expect(distributionConfig(template).WebACLId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^WebRateLimit/), 'Arn'] });
  });

  it('keeps the bucket and its files outside dev, and stays cdk-nag clean', () => {
    expect(resourcesOfType(template, 'AWS::S3::Bucket')[0]![1].DeletionPolicy).toBe('Retain');
    template.hasResourceProperties('Custom::CDKBucketDeployment', { RetainOnDelete: true });
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
  });

  it('rejects a rate limit WAF does not accept', () => {
    expect(() => synthesizeService({ webRateLimit: '5' })).toThrow(/webRateLimit/);
  });
});
