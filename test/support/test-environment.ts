// Quiet, deterministic test output: the service's JSON logs are asserted through responses, not read by eye,
// and Node 20 on developer laptops would otherwise print the AWS SDK's Node 22 notice in every worker.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
// Proof of work off unless a test turns it on (CHALLENGE_MAX_NUMBER in its server's env): solving costs seconds.
process.env.CHALLENGE_MAX_NUMBER ??= '0';
