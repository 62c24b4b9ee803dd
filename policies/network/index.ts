import type { PlatformPolicy } from "../lib";
import { naclNoWorldAdminPorts } from "./network-acl";
import { defaultRouteViaNat, natPerAz, routeNoOpenIgw } from "./routes";
import { sgDescription, sgNoWorldAdminPorts, sgNoWorldEgress } from "./security-group";
import { sgAttached, sgNoWorldIngress } from "./security-group-exposure";
import { subnetNoAutoPublicIp } from "./subnet";
import { ecsTaskSgFromLbOnly } from "./task-security-group";
import { noDefaultVpc, vpcDefaultSgClosed, vpcFlowLogs } from "./vpc";
import { vpcEndpointsPrivateEcs } from "./vpc-endpoints";
import { workloadSecurityGroupPolicies } from "./workload-security-groups";

/** VPC, subnet, routing, network ACL and security group policies. */
export const networkPolicies: PlatformPolicy[] = [
    subnetNoAutoPublicIp,
    routeNoOpenIgw,
    defaultRouteViaNat,
    natPerAz,
    vpcFlowLogs,
    vpcDefaultSgClosed,
    noDefaultVpc,
    vpcEndpointsPrivateEcs,
    naclNoWorldAdminPorts,
    sgDescription,
    sgNoWorldIngress,
    sgNoWorldAdminPorts,
    sgNoWorldEgress,
    sgAttached,
    ecsTaskSgFromLbOnly,
    ...workloadSecurityGroupPolicies,
];
