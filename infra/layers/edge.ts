import * as pulumi from "@pulumi/pulumi";
import { LoadBalancer, type LoadBalancerArgs, WebFirewall } from "../../components/ecs";
import type { Networking } from "../../components/networking";
import type { Tags } from "../../components/shared";
import type { StackConfig } from "../config/resolve";
import { shiftsTraffic } from "../config/rules";

/** What the internet reaches: the load balancer (listeners, certificate and DNS, one route per web service), the WAF. */
export function edgeLayer(config: StackConfig, network: Networking, tags: Tags): LoadBalancer {
    const env = config.environment;
    const lb = new LoadBalancer(`${env}-alb`, loadBalancerArgs(config, network, tags));
    for (const warning of lb.warnings) {
        pulumi.log.warn(warning, lb);
    }
    if (config.loadBalancer.waf) {
        new WebFirewall(`${env}-waf`, {
            loadBalancerArn: lb.arn,
            webAclArn: config.loadBalancer.wafWebAclArn,
            requestsPerFiveMinutesPerIp: config.loadBalancer.wafRequestsPerFiveMinutesPerIp,
            tags,
        });
    }
    return lb;
}

function loadBalancerArgs(config: StackConfig, network: Networking, tags: Tags): LoadBalancerArgs {
    const lb = config.loadBalancer;
    return {
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        dualStack: network.ipv6,
        securityGroupIds: [network.loadBalancerSecurityGroupId],
        domain: lb.domain
            ? {
                  name: lb.domain,
                  alternativeNames: lb.alternativeNames,
                  hostedZone: lb.hostedZone,
                  hostedZoneId: lb.hostedZoneId,
              }
            : undefined,
        certificateArn: lb.certificateArn,
        testTraffic: {
            headerName: lb.testTraffic.headerName,
            headerValue: config.testTrafficToken === undefined ? undefined : pulumi.secret(config.testTrafficToken),
            sourceCidrs: lb.testTraffic.sourceCidrs,
        },
        quotas: lb.quotas,
        sslPolicy: lb.sslPolicy,
        desyncMitigationMode: lb.desyncMitigationMode,
        deletionProtection: lb.deletionProtection,
        idleTimeoutSeconds: lb.idleTimeoutSeconds,
        accessLogs: lb.accessLogs,
        protect: config.protectStatefulResources,
        routes: Object.fromEntries(
            config.services
                .filter(s => s.kind === "web")
                .map(s => [
                    s.name,
                    {
                        pathPatterns: s.route!.paths,
                        hosts: s.route!.hosts,
                        priority: s.route!.priority,
                        port: s.port,
                        healthCheckPath: s.healthCheckPath,
                        targetType: s.networkMode === "bridge" ? ("instance" as const) : ("ip" as const),
                        blueGreen: shiftsTraffic(s),
                        deregistrationDelaySeconds: lb.deregistrationDelaySeconds,
                    },
                ]),
        ),
        tags,
    };
}
