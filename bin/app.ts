import { App } from 'aws-cdk-lib';
import { addConcertReservationService } from '../lib/service-app';

const app = new App();
addConcertReservationService(app);
app.synth();
