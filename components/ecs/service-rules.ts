import { ArgumentProblems } from "../shared";
import { autoscalingProblems } from "./autoscaling";
import type { ServiceBaseSettings } from "./service-base";
import { taskDefinitionDefaults } from "./task-definition";
import { isPositiveInteger, taskDefinitionProblems } from "./task-definition-rules";

/**
 * The argument rules of every ECS service kind, pure so a program can run them before registering anything:
 * the task's own (`task-definition-rules.ts`), then placement, networking, deployment and scaling.
 */

const FARGATE_PROVIDERS = new Set(["FARGATE", "FARGATE_SPOT"]);

/**
 * ECS deployment bounds (`DeploymentConfiguration`): 0 ≤ minimumHealthyPercent ≤ 100 ≤ maximumPercent, and minimum
 * below maximum so a deployment can start a task. Pure: the program checks its config with it first.
 */
export function deploymentPercentProblem(minPercent: number, maxPercent: number): string | undefined {
    return minPercent >= 0 && minPercent <= 100 && maxPercent >= 100 && maxPercent > minPercent
        ? undefined
        : `deployment percents need 0 ≤ minimumHealthy ≤ 100 ≤ maximum and minimumHealthy < maximum, got ${minPercent}/${maxPercent}.`;
}

/** Every problem with a service's base settings (defaults applied). */
export function serviceProblems(settings: ServiceBaseSettings): ArgumentProblems {
    const problems = taskDefinitionProblems(taskDefinitionDefaults({ ...settings, name: settings.serviceName }));
    for (const problem of problems.list) {
        // The task's `name` is the service's `serviceName`.
        if (problem.argument === "name") problem.argument = "serviceName";
    }
    capacityProblems(settings, problems);
    if (settings.networkMode === "awsvpc" && (isEmpty(settings.subnetIds) || isEmpty(settings.securityGroupIds))) {
        problems.add("subnetIds", "awsvpc network mode needs subnetIds and securityGroupIds.");
    }
    const percents = deploymentPercentProblem(
        settings.deploymentMinimumHealthyPercent,
        settings.deploymentMaximumPercent,
    );
    if (percents) {
        problems.add("deploymentMaximumPercent", percents);
    }
    if (!isPositiveInteger(settings.deploymentTimeoutMinutes)) {
        problems.add("deploymentTimeoutMinutes", "deploymentTimeoutMinutes must be a positive whole number.");
    }
    if (!Number.isInteger(settings.desiredCount) || settings.desiredCount < 0) {
        problems.add("desiredCount", `desiredCount must be a whole number ≥ 0, got ${settings.desiredCount}.`);
    }
    if (settings.autoscaling) {
        for (const p of autoscalingProblems(settings.autoscaling, settings.desiredCount).list) {
            problems.add(p.argument, p.message);
        }
    }
    return problems;
}

function capacityProblems(settings: ServiceBaseSettings, problems: ArgumentProblems): void {
    const strategy = settings.capacityProviderStrategy;
    const plainNames = strategy.map(s => s.capacityProvider).filter((p): p is string => typeof p === "string");
    if (settings.launchType === "FARGATE" && strategy.length === 0) {
        problems.add(
            "capacityProviderStrategy",
            "a Fargate service needs a capacity provider strategy (FARGATE and/or FARGATE_SPOT).",
        );
    }
    const misplaced = plainNames.filter(p => FARGATE_PROVIDERS.has(p) !== (settings.launchType === "FARGATE"));
    if (misplaced.length > 0) {
        problems.add(
            "capacityProviderStrategy",
            `capacity providers ${misplaced.join(", ")} do not match launchType ${settings.launchType}.`,
        );
    }
    if (strategy.filter(s => (s.base ?? 0) > 0).length > 1) {
        problems.add("capacityProviderStrategy", "only one capacity provider may set a base.");
    }
}

/** A literal empty list (an Output's length is unknown until it resolves; ECS checks it then). */
function isEmpty(list: unknown): boolean {
    return Array.isArray(list) && list.length === 0;
}
