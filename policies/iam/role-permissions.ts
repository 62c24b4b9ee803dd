/**
 * Everything that grants permissions to one role in a stack: its inline policies, aws.iam.RolePolicy resources, and
 * managed policies attached through `managedPolicyArns` or attachment resources, with customer managed policies
 * resolved to their documents when they are in the stack. Reads of unknown values throw (callers run per role
 * under `checkEachResource`), except the role references, which also resolve through dependencies.
 */
import type { PolicyResource } from "@pulumi/policy";
import { dependsOnThrough, identifies, perResource, readKnown, resourcesOfType } from "../lib";
import { awsManagedPolicyName, iamTypes, identityDocuments } from "./identity";
import type { LabelledDocument } from "./identity";

/** What grants permissions to a role. */
export interface RolePermissions {
    /** Identity documents: inline, role policies, and customer managed policies found in the stack. */
    documents: LabelledDocument[];
    /** AWS managed policies attached, as `path/name` (e.g. `service-role/AmazonECSTaskExecutionRolePolicy`). */
    awsManagedPolicies: string[];
    /** Customer managed policy ARNs attached but not defined in the stack, so their documents are not known. */
    unresolvedPolicyArns: string[];
}

/** Attachment resources and the property that names the role in each. */
const roleReferenceProperty: ReadonlyArray<[type: string, roleProperty: string]> = [
    [iamTypes.rolePolicyAttachment, "role"],
    [iamTypes.policyAttachment, "roles"],
    [iamTypes.rolePolicyAttachmentsExclusive, "roleName"],
];

/** Collects the permissions of `role` from `resources` (the whole stack). */
export function rolePermissions(role: PolicyResource, resources: readonly PolicyResource[]): RolePermissions {
    const rolePolicies = resourcesOfType(resources, iamTypes.rolePolicy).filter(rolePolicy =>
        refersToRole(rolePolicy, "role", role),
    );
    // After an update the role's `inlinePolicies` output also lists the policies of its RolePolicy resources: check those once.
    const rolePolicyNames = new Set(
        rolePolicies
            .map(rolePolicy => readKnown(() => rolePolicy.props.name as unknown))
            .filter(n => n.known)
            .map(n => n.value),
    );
    const documents = identityDocuments(iamTypes.role, role.props).filter(inline => !rolePolicyNames.has(inline.name));
    for (const rolePolicy of rolePolicies) {
        documents.push({ label: `aws.iam.RolePolicy ${rolePolicy.name}`, document: rolePolicy.props.policy });
    }
    const attached: string[] = [...(role.props.managedPolicyArns ?? [])];
    for (const [type, property] of roleReferenceProperty) {
        for (const attachment of resourcesOfType(resources, type)) {
            if (refersToRole(attachment, property, role)) {
                attached.push(...(attachment.props.policyArns ?? [attachment.props.policyArn]));
            }
        }
    }
    const customerPolicies = resourcesOfType(resources, iamTypes.policy);
    const permissions: RolePermissions = { documents, awsManagedPolicies: [], unresolvedPolicyArns: [] };
    for (const arn of new Set(attached)) {
        const awsManaged = awsManagedPolicyName(arn);
        const customer = customerPolicies.find(policy => identifies(arn, policy));
        if (awsManaged !== undefined) {
            permissions.awsManagedPolicies.push(awsManaged);
        } else if (customer) {
            documents.push({ label: `aws.iam.Policy ${customer.name}`, document: customer.props.policy });
        } else {
            permissions.unresolvedPolicyArns.push(arn);
        }
    }
    return permissions;
}

/** Whether `resource` names `role` in `property` (a name, or a list of names), by value or by dependency. */
function refersToRole(resource: PolicyResource, property: string, role: PolicyResource): boolean {
    return (
        role.type === iamTypes.role &&
        (dependsOnThrough(resource, property, role) ||
            roleReferences(resource)(property).some(value => identifies(value, role)))
    );
}

/**
 * The values of each property of a resource that names roles (all of them, if they are known), read once: every role
 * is matched with every policy and attachment.
 */
const roleReferences = perResource(resource => {
    const read = new Map<string, readonly unknown[]>();
    return (property: string): readonly unknown[] => {
        let values = read.get(property);
        if (!values) {
            const value = readKnown(() => [resource.props[property]].flat() as unknown[]);
            values = value.known ? value.value : [];
            read.set(property, values);
        }
        return values;
    };
});
