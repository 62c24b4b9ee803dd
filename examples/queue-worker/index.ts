/** `pulumi up` entry point: the queue worker's resources, with the stack's config. */
import * as pulumi from "@pulumi/pulumi";
import { queueWorker } from "./program";

const config = new pulumi.Config();
const outputs = queueWorker({ maxReceiveCount: config.getNumber("maxReceiveCount") });

export const topicArn = outputs.topicArn;
export const queueUrl = outputs.queueUrl;
